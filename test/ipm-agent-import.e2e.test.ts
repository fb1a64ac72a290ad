import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { approveRufisqueAdhesion, portalApi } from './support/portal-adhesion.ts';

// An IPM agent's import in a real browser against the whole product: the demo employer's adhesion to
// the IPM de Thiès made active through the API, then the IPM's agent, in the portal, opens « Import du
// personnel » from the menu, chooses the employer, uploads a file with a bad line — the report names
// the line and nothing is written — then the corrected file, whose report counts what was created;
// then finds the worker in the register, opens the participant's file, and the duplicates' page. Axe checks on each page, and
// the import page at 390 px without horizontal scrolling.

const AGENT = 'agent.ipm-thies@demo.siamo.sn';
const EMPLOYEUR = 'employeur@demo.siamo.sn';
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

const HEADER = WORKFORCE_COLUMNS.join(';');
const csv = (...lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

describe.runIf(browserHere)('an IPM agent imports a workforce file in the portal', () => {
  let suite: BrowserSuite;
  let employerId = '';
  beforeAll(async () => {
    suite = await startBrowserSuite('import-agent-ipm');
    const api = portalApi(suite);
    employerId = await approveRufisqueAdhesion(suite, api);
  }, 240_000);
  afterAll(() => suite?.close());

  it('uploads a file with a bad line (nothing written), then the corrected file, and finds the worker in the register', async () => {
    const prisma = suite.siamo.ctx.prisma;
    const { context, page } = await suite.session(AGENT);
    await page.goto(`${suite.base}/`);
    await Promise.all([
      page.waitForURL(/\/ipm\/import$/),
      page.getByRole('link', { name: 'Import du personnel' }).first().click(),
    ]);
    // The rest of the import on a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Entreprise').selectOption({ label: 'Ciments de Rufisque (CSS-RUF-0042)' });
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const good = [
      // People of the local register of test identities, which the demo product checks hires against.
      'P;RUF-0101;NIN;2870819001010;Diouf;Aïssatou;1987-08-19;F;380000;2026-02-01;;',
      'A;RUF-0101;;;Diouf;Mamadou;2014-05-05;M;;;enfant;',
      'P;RUF-0102;NIN;1790130001020;Gning;Pape Malick;1979-01-30;M;450000;2026-02-01;;',
    ];
    await page.getByLabel('Fichier du personnel').setInputFiles({
      name: 'personnel-ruf.csv',
      mimeType: 'text/csv',
      buffer: csv(...good, 'P;RUF-0103;NIN;42;Faye;Binta;1990-01-01;F;300000;2026-02-01;;'),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/Rien n’a été importé : 1 ligne\(s\) refusée\(s\) sur 4/);
    const refused = page.locator('table', { hasText: 'Lignes refusées' });
    await expect.poll(() => refused.locator('tbody tr').textContent()).toMatch(/^5\s*Le NIN doit compter 13 chiffres/);
    expect(await prisma.participant.count({ where: { employerId } })).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The employer chosen stays chosen; the corrected file goes in.
    expect(await page.getByLabel('Entreprise').inputValue()).toBe(employerId);
    await page.getByLabel('Fichier du personnel').setInputFiles({
      name: 'personnel-ruf.csv',
      mimeType: 'text/csv',
      buffer: csv(...good),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(
        /Import réalisé : 3 ligne\(s\) lue\(s\), 2 participant\(s\) créé\(s\),\s*0 déjà présent\(s\), 1 ayant\(s\) droit créé\(s\)/,
      );
    expect(await prisma.participant.count({ where: { employerId } })).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await suite.shot(page, 'agent-ipm-import');

    // The register: by name, accents ignored; then the participant's file.
    await page.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([
      page.waitForURL(/\/ipm\/registre$/),
      page.getByRole('link', { name: 'Registre des participants' }).first().click(),
    ]);
    await page.getByLabel('Recherche').fill('aissatou diouf');
    await page.getByRole('button', { name: 'Chercher' }).click();
    const row = page.locator('tbody tr', { hasText: 'Diouf Aïssatou' });
    await expect.poll(() => row.textContent()).toMatch(/\d{12}\s*RUF-0101.*Ciments de Rufisque\s*Affilié\(e\)/);
    expect(page.url()).not.toContain('diouf');
    expect(await seriousViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(/\/ipm\/registre\/[^/]+$/), row.getByRole('link').click()]);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Diouf Aïssatou');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Enfant : Diouf Mamadou/);
    expect(await page.locator('main').textContent()).toContain('Ciments de Rufisque : depuis le 1er février 2026');
    expect(await seriousViolations(page)).toEqual([]);

    // Her own space, from the file: invited (a plain form), then offered a new code.
    await expect.poll(() => page.locator('#espace-assure + p').textContent()).toMatch(/Pas encore invité/);
    await page.getByLabel(/Adresse électronique de l’assuré/).fill('aissatou.diouf@exemple.sn');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Inviter dans son espace' }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Code envoyé' }).textContent())
      .toMatch(/Code envoyé à aissatou\.diouf@exemple\.sn, valable jusqu’au/);
    await expect.poll(() => page.locator('#espace-assure + p').textContent()).toMatch(/Invité : le code envoyé/);
    expect(await page.getByRole('button', { name: 'Envoyer un nouveau code' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // No NIN of this file is active elsewhere: no duplicate to follow.
    await Promise.all([
      page.waitForURL(/\/ipm\/doublons$/),
      page.getByRole('link', { name: 'Doublons' }).first().click(),
    ]);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Aucun doublon pour votre IPM.');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();

    // The employer imports for itself, but the register is the IPM's.
    const employer = await suite.session(EMPLOYEUR);
    const forbidden = await employer.page.goto(`${suite.base}/ipm/registre`);
    expect(forbidden?.status()).toBe(403);
    expect(await employer.page.locator('main').textContent()).toContain('réservé au gérant et aux agents d’une IPM');
    await employer.context.close();
  }, 180_000);
});
