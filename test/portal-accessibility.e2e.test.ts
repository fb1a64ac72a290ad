import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { ADMIN, AGENT, GERANT, openPortalSample, PILOTAGE, type PortalSample } from './support/portal-sample.ts';

// Every page of the portal, as the people who use it see it, checked by axe-core (WCAG 2.1 A and AA)
// in a real browser at a desktop width and at a phone's (390 px): no serious or critical violation.
// Then forms used with the keyboard alone: signing in, and opening a case.

let suite: BrowserSuite;
let sample: PortalSample;

// In CI a missing Chromium fails the run (`required`); elsewhere the suite is skipped, saying why.
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the portal’s accessibility, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('accessibilite');
    sample = await openPortalSample(suite.siamo);
  }, 300_000);

  afterAll(() => suite?.close());

  /** Who sees which pages; `null` is a visitor who has not signed in. */
  const pages = async (): Promise<[string | null, string[]][]> => {
    // The suspension's decision was mailed to the gérant: the mail catcher shows it to the administrator.
    const { context, page } = await suite.session(ADMIN);
    let mail: string | null = null;
    try {
      await expect
        .poll(
          async () => {
            await page.goto(`${suite.base}/admin/courriels`);
            mail = await page
              .locator('main table a')
              .first()
              .getAttribute('href', { timeout: 1000 })
              .catch(() => null);
            return mail;
          },
          { timeout: 30_000 },
        )
        .toMatch(/^\/admin\/courriels\/.+/);
    } finally {
      await context.close();
    }
    return [
      [null, ['/connexion', '/registre', `/registre/${sample.licenceNumber}`, '/registre/AGR-0000-INCONNU']],
      [
        GERANT,
        [
          '/',
          '/corbeille',
          '/dossiers',
          `/dossiers/${sample.draftCaseId}`,
          '/nouveau',
          '/nouveau/agrement',
          '/preferences',
        ],
      ],
      [AGENT, ['/tableau', `/dossiers/${sample.licenceCaseId}`]],
      [PILOTAGE, ['/portefeuille', '/portefeuille/jalons']],
      [ADMIN, ['/admin/versions', '/admin/courriels', mail as unknown as string]],
    ];
  };

  const check = async (page: Page, url: string, width: number) => {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.goto(`${suite.base}${url}`);
    return (await seriousViolations(page)).map((v) => `${url} à ${width} px — ${v}`);
  };

  it('has no serious or critical violation on any page, on a desktop and on a phone', async () => {
    const found: string[] = [];
    let visited = 0;
    for (const [email, urls] of await pages()) {
      const { context, page } = email
        ? await suite.session(email)
        : await suite.browser
            .newContext({ locale: 'fr-FR' })
            .then(async (c) => ({ context: c, page: await c.newPage() }));
      try {
        for (const url of urls) {
          for (const width of [1280, 390]) found.push(...(await check(page, url, width)));
          visited++;
        }
      } finally {
        await context.close();
      }
    }
    expect(visited).toBeGreaterThanOrEqual(16);
    expect(found).toEqual([]);
  }, 400_000);

  it('signs in and opens a case with the keyboard alone', async () => {
    const context = await suite.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.base}/connexion`);
      // From the top of the page: the skip link, then the form's fields in order.
      const focusedLabel = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.labels?.[0]?.textContent?.trim() ?? el?.textContent?.trim() ?? '';
        });
      let reached = false;
      for (let i = 0; i < 15 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = (await page.evaluate(() => document.activeElement?.id)) === 'email';
      }
      expect(reached).toBe(true);
      await page.keyboard.type(GERANT);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
      await page.keyboard.type(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
        page.keyboard.press('Enter'),
      ]);

      // The opening form of an application: every field reached by Tab has a visible focus and a label.
      await page.goto(`${suite.base}/nouveau/agrement`);
      const fields = await page
        .locator('main form')
        .first()
        .locator('input:not([type=hidden]), select, textarea')
        .count();
      expect(fields).toBeGreaterThan(3);
      const seen: string[] = [];
      for (let i = 0; i < 40 && seen.length < fields; i++) {
        await page.keyboard.press('Tab');
        const inForm = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el?.closest('main form') || !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return null;
          const style = getComputedStyle(el);
          return { id: el.id, outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
        });
        if (inForm && !seen.includes(inForm.id)) {
          expect(inForm.outline, `contour de focus sur ${inForm.id}`).toBe(true);
          expect(await focusedLabel(), `étiquette de ${inForm.id}`).not.toBe('');
          seen.push(inForm.id);
        }
      }
      expect(seen.length).toBe(fields);
    } finally {
      await context.close();
    }
  });
});
