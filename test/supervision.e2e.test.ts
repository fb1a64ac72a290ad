import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordLastBackup } from '../services/backups/last-backup.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// The administrator's supervision page in Chromium, against the whole product on a database and a
// Temporal namespace of its own: the demo data's 27 portfolio projects are its open cases.

const ADMIN = 'administrateur@demo.siamo.sn';
const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';
const EMPLOYEUR = 'employeur@demo.siamo.sn';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-supervision-'));
let suite: BrowserSuite;

// In CI a missing Chromium fails the run (`required`); elsewhere the suite is skipped, saying why.
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the supervision page, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('supervision', { SIAMO_DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await suite?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the administrator the health, the open cases, the last backup and the failed sign-ins', async () => {
    const wrongSignIn = () =>
      fetch(`${suite.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { signIn(email: "employeur@demo.siamo.sn", password: "pas-le-bon") { __typename } }',
        }),
      });
    await wrongSignIn();
    await wrongSignIn();

    const { context, page } = await suite.session(ADMIN);
    try {
      await page.click('nav >> text=Supervision');
      await page.waitForURL('**/admin/supervision');
      expect(await page.locator('h1').textContent()).toBe('Supervision');
      expect(await page.locator('[data-part="Temporal"]').textContent()).toContain('Temporal : disponible');
      expect(await page.locator('[data-part="Base de données"]').textContent()).toContain('disponible');
      // No SMTP_URL: the local catcher is the mail server, and it answers.
      expect(await page.locator('[data-part="Courriel"]').textContent()).toContain(
        'disponible (serveur SMTP joignable)',
      );
      expect(await page.getByTestId('taille-base').textContent()).toMatch(/^\d+(,\d)? Mo$/);

      const rows = await page.locator('table:has(caption:text("Dossiers en cours")) tbody tr').all();
      let projects = 0;
      for (const row of rows) {
        const cells = await row.locator('td').allTextContents();
        if (cells[0] === 'projet') projects += Number(cells[3]);
      }
      expect(projects).toBe(
        await suite.siamo.ctx.prisma.case.count({ where: { processId: 'projet', terminal: false } }),
      );
      expect(projects).toBe(27);

      expect(await page.getByTestId('derniere-sauvegarde').textContent()).toContain('Aucune sauvegarde enregistrée');
      expect(await page.getByTestId('effets-en-echec').textContent()).toBe('Aucun effet abandonné.');
      expect(await page.locator('section:has(#bloques-titre)').textContent()).toContain('Aucun dossier bloqué.');
      expect(await page.getByTestId('echecs-connexion').textContent()).toContain(
        '2 échec(s) de connexion, 0 verrouillage(s)',
      );
      const failures = page.locator('table:has(caption:text("Derniers échecs")) tbody tr');
      expect(await failures.count()).toBe(2);
      expect(await failures.first().locator('td').nth(1).textContent()).toBe(EMPLOYEUR);
      expect(await failures.first().locator('td').nth(2).textContent()).toBe('échec');

      // A backup 30 hours old is shown, and shown as late.
      await recordLastBackup(dataDir, {
        at: new Date(Date.now() - 30 * 3600_000),
        archive: '/x.tar.gz',
        bytes: 5 * 1024 ** 2,
      });
      await page.reload();
      const backup = page.getByTestId('derniere-sauvegarde');
      expect((await backup.textContent())?.replace(/\s+/g, ' ')).toMatch(
        /Dernière sauvegarde : .*, il y a 1 j 6 h \(5 Mo\)\./,
      );
      expect(await backup.getAttribute('class')).toContain('alert');
      await suite.shot(page, 'supervision');
    } finally {
      await context.close();
    }
  });

  it('is refused to a gérant, who is not offered it', async () => {
    const { context, page } = await suite.session(GERANT);
    try {
      expect(await page.locator('nav a[href="/admin/supervision"]').count()).toBe(0);
      const response = await page.goto(`${suite.base}/admin/supervision`);
      expect(response?.status()).toBe(403);
      expect(await page.locator('main').textContent()).toContain(
        'Votre rôle ne permet pas de consulter la supervision de la plateforme.',
      );
    } finally {
      await context.close();
    }
  });
});
