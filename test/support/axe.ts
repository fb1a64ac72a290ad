import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

// Accessibility as axe-core (Deque's engine, which browsers' audits use) judges it, against WCAG 2.1
// A and AA: what a page does wrong that is serious or critical, one line per rule with where.

export async function seriousViolations(page: Page): Promise<string[]> {
  // biome-ignore lint/suspicious/noExplicitAny: AxeBuilder names its own copy of playwright-core's Page type
  const results = await new AxeBuilder({ page: page as any })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}) : ${v.help} — ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' '))
          .join(' ; ')}`,
    );
}
