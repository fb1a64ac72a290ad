import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// The referentials in the portal, in a real browser against the whole product as `npm start` starts it
// (which ships the administrative division and, with the demo data, the sample versions): the list
// with owners and versions, then the tariff's second version with its report, field by field.

const AGENT_IPM = 'agent.ipm-dakar@demo.siamo.sn';
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the referentials in the portal', () => {
  let suite: BrowserSuite;
  beforeAll(async () => {
    suite = await startBrowserSuite('portail-referentiels');
  });
  afterAll(() => suite?.close());

  it('lists the referentials and shows a version’s report, without serious accessibility violations', async () => {
    const { context, page } = await suite.session(AGENT_IPM);
    await page.goto(`${suite.base}/`);
    await Promise.all([
      page.waitForURL(/\/referentiels$/),
      page.getByRole('link', { name: 'Référentiels' }).first().click(),
    ]);
    const tariffs = page.locator('tbody tr', { hasText: 'Tarifs applicables aux IPM' });
    await expect
      .poll(() => tariffs.textContent())
      .toMatch(
        /Ministères \(arrêté interministériel\).*n°2 — Tarifs 2026, révision de juillet \(exemple\)\s*depuis le 1er juillet 2026/,
      );
    await expect
      .poll(() => page.locator('tbody tr', { hasText: 'Découpage administratif' }).textContent())
      .toMatch(/État \(ANSD\)/);
    expect(await seriousViolations(page)).toEqual([]);

    await Promise.all([page.waitForURL(/\/referentiels\/versions\//), tariffs.getByRole('link').first().click()]);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Tarifs 2026, révision de juillet (exemple) (version n°2)');
    await Promise.all([page.waitForURL(/type=modification/), page.getByRole('link', { name: 'Modifiées' }).click()]);
    const first = page.locator('tbody tr').first();
    await expect.poll(() => first.textContent()).toMatch(/Modifiée.*montant : \d+ → \d+/);
    expect(await seriousViolations(page)).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'exporter en CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('tarifs-version-2.csv');
    await suite.shot(page, 'referentiel-version');
    await context.close();
  }, 180_000);
});
