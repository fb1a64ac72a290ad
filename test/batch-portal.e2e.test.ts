import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// A synthetic batch started from the portal, in a real browser against the whole product: its page
// shows a progress bar that moves without the page being reloaded, up to the end.

const ADMIN = 'administrateur@demo.siamo.sn';
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('a running batch in the portal', () => {
  let suite: BrowserSuite;
  beforeAll(async () => {
    suite = await startBrowserSuite('portail-lots');
  });
  afterAll(() => suite?.close());

  it('shows a progress bar that moves without reloading the page and reaches the end', async () => {
    const { context, page } = await suite.session(ADMIN);
    await page.goto(`${suite.base}/lots`);
    // 20 000 records in 10 chunks of 2 000, 4 at a time, that each wait 1.5 s: the bar moves in steps.
    await page.fill('input[name=enregistrements]', '20000');
    await page.fill('input[name=pause]', '1500');
    await Promise.all([page.waitForURL(/\/lots\/lot-/), page.click('form[action="?/synthetique"] button')]);

    // Reloading would make a new document: a mark left on this one proves the page stayed.
    await page.evaluate(() => {
      (window as unknown as { resteLa: boolean }).resteLa = true;
    });
    const bar = page.locator('progress#avancement-lot');
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await bar.getAttribute('value')) ?? '');
          return bar.getAttribute('value');
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe('20000');
    // Between nothing and the end, at least one step in the middle.
    expect([...seen].some((value) => Number(value) > 0 && Number(value) < 20000)).toBe(true);
    await expect.poll(() => page.getByTestId('etat-lot').textContent(), { timeout: 30_000 }).toContain('terminé');
    expect(await page.evaluate(() => (window as unknown as { resteLa?: boolean }).resteLa)).toBe(true);
    expect(await page.getByTestId('pourcentage-lot').textContent()).toBe('100 %');
    await suite.shot(page, 'lot-termine');

    // Listed for the administrator, finished.
    await page.goto(`${suite.base}/lots`);
    await expect.poll(() => page.locator('table tbody tr').first().textContent()).toMatch(/terminé20\s000 \/ 20\s000/);
    await context.close();
  }, 120_000);
});
