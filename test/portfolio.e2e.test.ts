import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { JAVASCRIPT_BUDGET_BYTES, measureJavaScript } from '../ui/measure-javascript.ts';
import { ARTIFACTS, type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { type Acted, act as actOn } from './support/case-page.ts';
import { required } from './support/dependencies.ts';
import { docxText } from './support/docx-text.ts';

// The portfolio's pages in a real browser (Debian's Chromium) against the whole product, whose demo
// data import the master plan's 27 projects at start-up: the Gantt chart of the 42 months with its
// rows, bars, dependencies and day line, filters carried in the address (without JavaScript too),
// the budget by axis and by phase, the steering committee's Word report, the milestones' board.
// Screenshots go to test-artifacts/.

const PILOTAGE = 'pilotage.icamo@demo.siamo.sn';
const ANALYSTE = 'analyste.icamo@demo.siamo.sn';
const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';

let suite: BrowserSuite;
let browser: Browser;
let base: string;

const plain = (text: string | null) =>
  (text ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the portfolio’s pages, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('portefeuille');
    ({ base, browser } = suite);
  }, 300_000);

  afterAll(() => suite?.close());

  const session = (email: string, options: { javaScriptEnabled?: boolean } = {}) => suite.session(email, options);

  const chart = (page: Page) => page.locator('figure.gantt svg[role=img]');
  const rows = (page: Page) => page.locator('figure.gantt ol.text-alternative li');

  it('draws the plan’s 42 months, filters it by the address, and gives the budget and the report', async () => {
    const { context, page } = await session(PILOTAGE);
    try {
      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Portefeuille SDSI' })
        .click();
      await page.waitForURL(/\/portefeuille$/);
      expect(await page.locator('h1').textContent()).toBe('Portefeuille de projets du SDSI');
      await expect.poll(() => rows(page).count()).toBe(27);
      expect(await chart(page).locator('desc').textContent()).toContain(
        '27 projets sur 42 mois (novembre 2017 – avril 2021).',
      );
      // Planned bars (26: project 4 has no duration), dependency arrows, one drawn as broken.
      expect(await chart(page).locator('rect.planned').count()).toBe(26);
      expect(await chart(page).locator('path.arrow').count()).toBe(9);
      expect(await chart(page).locator('path.arrow.conflict').count()).toBe(1);
      // Today is after the plan's window: the caption says so rather than drawing a line off the chart.
      expect(plain(await page.locator('figure.gantt figcaption').textContent())).toContain(
        'Aujourd’hui tombe après la période affichée (novembre 2017 – avril 2021).',
      );
      const budget = page.locator('section[aria-labelledby=budget-titre]');
      const cells = async (table: number, row: string) =>
        (
          await budget.locator('table').nth(table).locator('tr', { hasText: row }).locator('th, td').allTextContents()
        ).map(plain);
      expect(await cells(0, 'Axe 3')).toEqual([
        'Axe 3 — Services aux bénéficiaires et aux prestataires',
        '11',
        '750,25 MF CFA',
      ]);
      expect(await cells(0, 'Total')).toEqual(['Total', '27', '1 855,25 MF CFA']);
      expect(await cells(1, 'Long terme')).toEqual(['Long terme', '5', '316,25 MF CFA']);
      expect(plain(await budget.locator('.total').textContent())).toBe('Coût total du portefeuille : 1 855,25 MF CFA');
      await page.screenshot({ path: path.join(ARTIFACTS, 'portefeuille.png'), fullPage: true });

      // Filters: axis 3, long term — in the address, so that the view can be bookmarked and sent.
      await page.selectOption('#axe', '3');
      await page.selectOption('#phase', 'long');
      await Promise.all([page.waitForURL(/axe=3.*phase=long/), page.click('form.filters button[type=submit]')]);
      await expect.poll(() => rows(page).count()).toBe(4);
      const listed = await rows(page).allTextContents();
      expect(listed.map((t) => t.match(/^Projet (\d+)/)?.[1])).toEqual(['20', '21', '22', '24']);
      expect(listed[0]).toContain('Dépend du projet 19 (hors de la sélection).');
      await page.screenshot({ path: path.join(ARTIFACTS, 'portefeuille-filtre.png'), fullPage: true });

      // The situation on another day draws the day's line on the chart.
      await page.goto(`${base}/portefeuille?au=2019-06-10`);
      expect(plain(await chart(page).locator('g.today text').textContent())).toBe('situation au, 10 juin 2019');
      expect(Number(await chart(page).locator('g.today line').getAttribute('x1'))).toBeGreaterThan(
        Number(await chart(page).locator('rect.planned').first().getAttribute('x')),
      );

      // A project's page is the generic case page: the plan, its lists as tables, the committee's actions.
      await page.goto(`${base}/portefeuille`);
      await page
        .locator('table.projects')
        .getByRole('link', { name: /^Définition et mise en oeuvre d'un modèle/ })
        .click();
      await page.waitForURL(/\/dossiers\/projet\/icamo\/SDSI-05$/);
      const conditions = page.locator('table.case-list', {
        has: page.locator('caption', { hasText: 'Conditions externes' }),
      });
      expect(await conditions.locator('tbody tr').count()).toBe(2);
      expect(plain(await conditions.locator('tbody tr').first().textContent())).toContain(
        "Définition exhaustive des données attendues par l'ICAMO et la Tutelle",
      );
      expect(await page.getByRole('heading', { name: 'Réviser le plan du projet' }).count()).toBe(1);
      await page.screenshot({ path: path.join(ARTIFACTS, 'projet-dossier.png'), fullPage: true });

      // The steering committee's report, as Word.
      await page.goto(`${base}/portefeuille`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Rapport d’avancement/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^rapport-portefeuille-sdsi-\d{4}-\d{2}-\d{2}\.docx$/);
      const { body } = await docxText(readFileSync((await download.path()) as string));
      expect(plain(body)).toContain('Le portefeuille compte 27 projets, pour un coût total de 1 855,25 MF CFA.');

      // The milestones' board.
      await page.getByRole('link', { name: 'Jalons à venir et en retard' }).click();
      await page.waitForURL(/\/portefeuille\/jalons$/);
      expect(await page.locator('h2').allTextContents()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^En retard \(\d+\)$/),
          expect.stringMatching(/^À venir dans les 30 jours/),
        ]),
      );
    } finally {
      await context.close();
    }
  }, 180_000);

  it('lets the chef de projet start a project and report on it from its page, and the chart shows it', async () => {
    const { context, page } = await session(ANALYSTE);
    try {
      const act = async (label: string, fields: Record<string, string>, expected: Acted['outcome'] = 'done') => {
        const acted = await actOn(page, label, fields);
        expect(acted.outcome).toBe(expected);
        return acted.form;
      };
      // Project 3 waits for project 2: the page says so when the chef tries to start it.
      await page.goto(`${base}/dossiers/projet/icamo/SDSI-03`);
      const refused = await act('Démarrer le projet', { dateDemarrage: '2018-03-05' }, 'refused');
      await expect.poll(() => refused.locator('.alert').textContent()).toContain('Projets prérequis non terminés : 2.');

      // Project 2 (January–February 2018): started, reported on with a forecast end three months late.
      await page.goto(`${base}/dossiers/projet/icamo/SDSI-02`);
      await act('Démarrer le projet', { dateDemarrage: '2018-01-08' });
      await expect.poll(() => page.locator('.status .badge').textContent()).toBe('Démarré');
      await act('Ajouter un jalon', { nomJalon: 'Cartographie validée', echeanceJalon: '2018-02-20' });
      await act('Déposer le rapport d’avancement mensuel', {
        periode: '2018-01',
        avancement: '40',
        realisations: 'Inventaire des référentiels et de leurs autorités.',
        risques: 'Disponibilité des autorités de tutelle',
        finPrevue: '2018-05-31',
      });
      const reports = page.locator('table.case-list', {
        has: page.locator('caption', { hasText: 'Rapports d’avancement' }),
      });
      await expect.poll(() => reports.locator('tbody tr').count()).toBe(1);
      expect(plain(await page.locator('.data').textContent())).toContain('en retard de 3 mois');

      await page.goto(`${base}/portefeuille?axe=1&au=2018-03-15`);
      const row = page.locator('table.projects tr', { hasText: 'Elaboration de la cartographie' });
      expect((await row.locator('td').allTextContents()).map(plain)).toEqual(
        expect.arrayContaining(['Démarré', '40 %', 'en retard de 3 mois']),
      );
      // Its actual bar (done so far) and its forecast bar (to the end of May) below the planned one.
      const bars = (name: string) => chart(page).locator(`rect.${name}`);
      await expect.poll(() => bars('actual').count()).toBe(1);
      expect(await bars('forecast').count()).toBe(1);
      expect((await rows(page).allTextContents()).find((t) => t.startsWith('Projet 2 '))).toContain(
        'Démarré le 8 janvier 2018. Fin prévue le 31 mai 2018 (en retard de 3 mois).',
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'portefeuille-projet-demarre.png'), fullPage: true });

      // The milestone, never reached, is on the board of overdue milestones, with its project.
      await page.goto(`${base}/portefeuille/jalons`);
      const overdue = page.locator('table.milestones.overdue tr', { hasText: 'Cartographie validée' });
      expect((await overdue.locator('th, td').allTextContents()).map(plain)).toEqual([
        expect.stringMatching(/^20 février 2018 \(en retard de \d+ jours\)$/),
        'Cartographie validée',
        '2 — Elaboration de la cartographie des référentiels nationaux et leurs autorités de Tutelle',
        '—',
      ]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('keeps a first visit of the portfolio, its chart drawn on the server, under the JavaScript budget', async () => {
    const { context } = await session(PILOTAGE);
    const fresh = await browser.newContext({ storageState: await context.storageState() });
    try {
      const first = await measureJavaScript(await fresh.newPage(), `${base}/portefeuille`);
      expect(first.files.length).toBeGreaterThan(0);
      expect(first.bytes).toBeLessThanOrEqual(JAVASCRIPT_BUDGET_BYTES);
    } finally {
      await Promise.all([context.close(), fresh.close()]);
    }
  });

  it('filters without JavaScript, and is not offered to an IPM', async () => {
    const plainPage = await session(PILOTAGE, { javaScriptEnabled: false });
    try {
      await plainPage.page.goto(`${base}/portefeuille`);
      await plainPage.page.selectOption('#etat', 'planifie');
      await plainPage.page.selectOption('#axe', '4');
      await Promise.all([
        plainPage.page.waitForURL(/etat=planifie/),
        plainPage.page.click('form.filters button[type=submit]'),
      ]);
      const listed = await rows(plainPage.page).allTextContents();
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((t) => /^Projet 2[5-7] /.test(t) && t.includes('(planifié)'))).toBe(true);
    } finally {
      await plainPage.context.close();
    }
    const ipm = await session(GERANT);
    try {
      expect(await ipm.page.getByRole('link', { name: 'Portefeuille SDSI' }).count()).toBe(0);
      const response = await ipm.page.goto(`${base}/portefeuille`);
      expect(response?.status()).toBe(403);
    } finally {
      await ipm.context.close();
    }
  }, 120_000);
});
