import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { divisionCodes, providersCsv } from '../services/referentials/other-samples.ts';
import { sampleActs, tariffsCsv } from '../services/referentials/samples.ts';
import { divisionCsv } from '../services/referentials/shipped.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// The referentials in the portal, in a real browser against the whole product as `npm start` starts it
// (which ships the administrative division and, with the demo data, the sample versions): the list
// with owners and versions, then the tariff's second version with its report, field by field.

const AGENT_IPM = 'agent.ipm-dakar@demo.siamo.sn';
// The tariff's owner, the ministry: its agent imports, its director approves.
const AGENT_MINISTERE = 'agent.ministere@demo.siamo.sn';
const DIRECTEUR = 'directeur.ministere@demo.siamo.sn';
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

    await Promise.all([
      page.waitForURL(/\/referentiels\/versions\//),
      tariffs.getByRole('link', { name: /^n°2/ }).click(),
    ]);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Tarifs 2026, révision de juillet (exemple) (version n°2)');
    await Promise.all([page.waitForURL(/type=modification/), page.getByRole('link', { name: 'Modifiées' }).click()]);
    const first = page
      .getByRole('table', { name: /Les lignes du rapport/ })
      .locator('tbody tr')
      .first();
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
  it('pages through a version’s rows and filters them, without JavaScript', async () => {
    const { context, page } = await suite.session(AGENT_IPM, { javaScriptEnabled: false });
    await page.goto(`${suite.base}/referentiels`);
    const medicines = page.locator('tbody tr', { hasText: 'Médicaments et dispositifs médicaux' });
    await Promise.all([
      page.waitForURL(/\/referentiels\/versions\//),
      medicines.getByRole('link', { name: /^n°/ }).first().click(),
    ]);
    const table = page.getByRole('table', { name: 'Les lignes de la version, dans l’ordre des codes' });
    const codes = () => table.locator('tbody th').allTextContents();
    const firstPage = await codes();
    expect(firstPage).toHaveLength(50);
    expect([...firstPage].sort()).toEqual(firstPage);
    await expect.poll(() => table.locator('thead').textContent()).toMatch(/Dénomination.*Prix public/);
    expect(await page.getByRole('link', { name: 'Lignes précédentes' }).count()).toBe(0);

    await Promise.all([
      page.waitForURL(/lignesApres=/),
      page.getByRole('link', { name: 'Lignes suivantes', exact: true }).click(),
    ]);
    const secondPage = await codes();
    expect(secondPage).toHaveLength(50);
    expect((secondPage[0] as string) > (firstPage.at(-1) as string)).toBe(true);
    await Promise.all([
      page.waitForURL(/lignesAvant=/),
      page.getByRole('link', { name: 'Lignes précédentes' }).click(),
    ]);
    expect(await codes()).toEqual(firstPage);

    await page.getByLabel('Code commençant par').fill('dm');
    await Promise.all([page.waitForURL(/code=dm/), page.getByRole('button', { name: 'Filtrer' }).click()]);
    const devices = await codes();
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.filter((c) => !c.startsWith('DM'))).toEqual([]);
    await context.close();
  }, 180_000);

  it('imports a version with its report, and the owner’s director approves it: it comes into force', async () => {
    // The July tariff with its first amount raised: one change in the report.
    const [header, first, ...rest] = tariffsCsv(sampleActs(), 1).trim().split('\n');
    const [code, montant, plafond] = (first as string).split(';');
    const csv = [header, [code, Number(montant) + 500, plafond].join(';'), ...rest].join('\n');

    const agent = await suite.session(AGENT_MINISTERE);
    await agent.page.goto(`${suite.base}/referentiels`);
    await Promise.all([
      agent.page.waitForURL(/\/referentiels\/importer$/),
      agent.page.getByRole('link', { name: 'Importer une nouvelle version' }).click(),
    ]);
    await agent.page.getByLabel('Référentiel').selectOption('tarifs');
    await agent.page.getByLabel('Titre de la version').fill('Tarifs, révision du portail');
    await agent.page
      .getByLabel('Fichier')
      .setInputFiles({ name: 'tarifs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    expect(await seriousViolations(agent.page)).toEqual([]);
    await Promise.all([
      agent.page.waitForURL(/\/referentiels\/versions\//),
      agent.page.getByRole('button', { name: 'Importer' }).click(),
    ]);
    await expect.poll(() => agent.page.locator('h1').textContent()).toBe('Tarifs, révision du portail (version n°3)');
    // Its batch checks and loads it; the page shows the report once it is done, without reloading by hand.
    await expect.poll(() => agent.page.locator('main').textContent(), { timeout: 30_000 }).toMatch(/Modifiées : 1/);
    await expect.poll(() => agent.page.locator('main').textContent()).toMatch(/Validée, en attente d’approbation/);
    // The agent may not decide.
    expect(await agent.page.getByRole('button', { name: 'Approuver et programmer' }).count()).toBe(0);
    const versionUrl = agent.page.url();
    await agent.context.close();

    const director = await suite.session(DIRECTEUR);
    await director.page.goto(versionUrl);
    await director.page.getByLabel('Date d’entrée en vigueur').fill('2020-01-01');
    await director.page.getByRole('button', { name: 'Approuver et programmer' }).click();
    await expect.poll(() => director.page.getByRole('alert').textContent()).toMatch(/est passée/);
    await director.page.getByLabel('Date d’entrée en vigueur').fill(dakarDay(new Date()));
    await director.page.getByRole('button', { name: 'Approuver et programmer' }).click();
    // Approved for today: its timer fires at once and brings it into force.
    await expect
      .poll(
        async () => {
          await director.page.goto(versionUrl);
          return director.page.locator('dl').textContent();
        },
        { timeout: 30_000 },
      )
      .toMatch(/En vigueur/);
    expect(await seriousViolations(director.page)).toEqual([]);
    await suite.shot(director.page, 'referentiel-version-approuvee');
    await director.context.close();

    // ICAMO, which does not own the tariff, follows it: the version in force, its day, who published it.
    const icamo = await suite.session('analyste.icamo@demo.siamo.sn');
    await icamo.page.goto(`${suite.base}/referentiels`);
    const tariffs = icamo.page.locator('tbody tr', { hasText: 'Tarifs applicables aux IPM' });
    const published = `Ministère du Travail, du Dialogue social et des Relations avec les Institutions — Mamadou Diop (Directeur (ministère))`;
    await expect.poll(() => tariffs.textContent()).toMatch(/n°3 — Tarifs, révision du portail\s*depuis le /);
    expect(await tariffs.locator('td').nth(3).textContent()).toBe(published);
    // Shipped versions name their owner, approved by no one person.
    expect(
      await icamo.page.locator('tbody tr', { hasText: 'Découpage administratif' }).locator('td').nth(3).textContent(),
    ).toBe('Agence Nationale de la Statistique et de la Démographie (ANSD) — données livrées avec Siamo');
    expect(await seriousViolations(icamo.page)).toEqual([]);
    await icamo.context.close();
  }, 180_000);

  it('shows ICAMO every IPM’s own series of a referential, then one IPM’s versions', async () => {
    const icamo = await suite.session('analyste.icamo@demo.siamo.sn');
    await icamo.page.goto(`${suite.base}/referentiels`);
    const packages = icamo.page.locator('tbody tr', { hasText: 'Panier de soins de l’IPM' });
    await Promise.all([
      icamo.page.waitForURL(/\/referentiels\/ipm-panier-de-soins$/),
      packages.getByRole('link', { name: '2 organisations avec une version en vigueur' }).click(),
    ]);
    const series = icamo.page.getByRole('table', { name: /La version en vigueur de chaque IPM/ });
    await expect.poll(() => series.locator('tbody tr').count()).toBe(2);
    const dakar = series.locator('tbody tr', { hasText: 'IPM des Industries de Dakar' });
    expect(await dakar.textContent()).toMatch(/n°1 — .*\(exemple\).*depuis le/);
    expect(await series.locator('tbody tr', { hasText: 'IPM Interentreprises de Thiès' }).count()).toBe(1);
    expect(await seriousViolations(icamo.page)).toEqual([]);
    await Promise.all([
      icamo.page.waitForURL(/organisation=ipm-industries-dakar/),
      dakar.getByRole('link', { name: 'toutes ses versions' }).click(),
    ]);
    await expect
      .poll(() => icamo.page.locator('h2').first().textContent())
      .toBe('Série de IPM des Industries de Dakar');
    const versions = icamo.page.getByRole('table', { name: /Les versions de IPM des Industries de Dakar/ });
    await expect.poll(() => versions.locator('tbody tr').first().textContent()).toMatch(/n°1 — .*En vigueur/);
    expect(await seriousViolations(icamo.page)).toEqual([]);
    await icamo.context.close();

    // An IPM reads its own series only: another's is refused in French.
    const ipm = await suite.session(AGENT_IPM);
    await ipm.page.goto(`${suite.base}/referentiels/ipm-panier-de-soins?organisation=ipm-thies`);
    await expect.poll(() => ipm.page.getByRole('alert').textContent()).toMatch(/appartient à une autre IPM/);
    await ipm.page.goto(`${suite.base}/referentiels/ipm-panier-de-soins`);
    await expect
      .poll(() =>
        ipm.page
          .getByRole('table', { name: /Les versions/ })
          .locator('tbody tr')
          .first()
          .textContent(),
      )
      .toMatch(/n°1 — .*En vigueur/);
    await ipm.context.close();
  }, 180_000);

  it('imports a large version with its progress bar, then shows its report', async () => {
    const { departements } = divisionCodes(divisionCsv());
    const rows = 60_000;
    const icamo = await suite.session('analyste.icamo@demo.siamo.sn');
    await icamo.page.goto(`${suite.base}/referentiels/importer`);
    await icamo.page.getByLabel('Référentiel').selectOption('prestataires');
    await icamo.page.getByLabel('Titre de la version').fill('Prestataires, recensement complet');
    await icamo.page.getByLabel('Fichier').setInputFiles({
      name: 'prestataires.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(providersCsv(departements, rows), 'utf8'),
    });
    await Promise.all([
      icamo.page.waitForURL(/\/referentiels\/versions\//),
      icamo.page.getByRole('button', { name: 'Importer' }).click(),
    ]);
    // The batch is loading it: its progress bar, then, without reloading by hand, the report.
    await expect.poll(() => icamo.page.getByRole('heading', { name: 'Import en cours' }).count()).toBe(1);
    expect(await icamo.page.locator('progress').count()).toBe(1);
    expect(await seriousViolations(icamo.page)).toEqual([]);
    await suite.shot(icamo.page, 'referentiel-import-en-cours');
    await expect
      .poll(() => icamo.page.locator('main').textContent(), { timeout: 60_000 })
      .toMatch(/Validée, en attente d’approbation/);
    expect(await icamo.page.getByRole('heading', { name: 'Import en cours' }).count()).toBe(0);
    await expect
      .poll(() => icamo.page.locator('main').textContent())
      .toMatch(new RegExp(`Lignes du fichier : ${rows}`));
    await icamo.context.close();
  }, 180_000);
});
