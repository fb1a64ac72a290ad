import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { GERANT, openPortalSample, type PortalSample } from './support/portal-sample.ts';

// A file over the upload limit (10 Mo by default), sent from a case's page in a real browser: the
// form says why, in French, and the case keeps its documents — with JavaScript, and without.

let suite: BrowserSuite;
let sample: PortalSample;
const TOO_BIG = Buffer.alloc(11 * 1024 * 1024, 0x25);

// In CI a missing Chromium fails the run (`required`); elsewhere the suite is skipped, saying why.
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('an upload over the size limit, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('televersement');
    sample = await openPortalSample(suite.siamo);
  }, 300_000);

  afterAll(() => suite?.close());

  for (const javaScriptEnabled of [true, false]) {
    it(`says « 10 Mo » on the form (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const { context, page } = await suite.session(GERANT, { javaScriptEnabled });
      try {
        await page.goto(`${suite.base}/dossiers/${sample.draftCaseId}`);
        await page.setInputFiles('#fichier', { name: 'rapport.pdf', mimeType: 'application/pdf', buffer: TOO_BIG });
        const [response] = await Promise.all([
          javaScriptEnabled ? Promise.resolve(null) : page.waitForNavigation(),
          page.getByRole('button', { name: 'Joindre', exact: true }).click(),
        ]);
        if (response) expect(response.status()).toBe(413);
        const alert = page.locator('form[action="?/document"] [role=alert]');
        await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('10 Mo');
        expect(await page.locator('h1').textContent()).toContain('Dossier');
        const documents = await suite.siamo.ctx.prisma.document.count({ where: { caseId: sample.draftCaseId } });
        expect(documents).toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});
