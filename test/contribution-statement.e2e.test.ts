import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARREARS_EMPLOYER } from '../services/demo/demo-employers.ts';
import { loadDemoEnrolment } from '../services/demo/demo-enrolment.ts';
import { loadDemoLicences } from '../services/demo/demo-licences.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// « État des cotisations dues » in a real browser against the whole product, with the demo's
// contributions as a first `npm start` loads them (the suites start without the living demo, so the
// test loads the licences and the enrolment demo itself, as start-up does): Transports Rapides du
// Cayor paid nothing and its ladder went to the suspension. The employer sees its unpaid calls and the
// suspension, declares a payroll (a mistyped one refused beside the form, kept); the IPM's agent opens
// its page, downloads the formal notice, enters the payment that clears the debt — sent twice, stored
// once — and the statement shows it paid; the employer then sees it too. Another IPM's agent gets a 404.

const EMPLOYEUR = 'employeur.transports-cayor@demo.siamo.sn';
const AGENT = 'agent.ipm-thies@demo.siamo.sn';
const OTHER_AGENT = 'agent.ipm-dakar@demo.siamo.sn';
const PHONE = { width: 390, height: 844 };
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

/** What makes the page scroll sideways on a phone, outside any frame of its own (tables scroll in theirs). */
const sideways = (page: Page, scope: string) =>
  page.evaluate((scope) => {
    const width = window.innerWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`${scope}, ${scope} *`)) {
      let frame: HTMLElement | null = el.parentElement;
      while (frame && !['auto', 'scroll'].includes(getComputedStyle(frame).overflowX)) frame = frame.parentElement;
      if (!frame && el.getBoundingClientRect().right > width + 0.5)
        out.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
    }
    return out.slice(0, 8);
  }, scope);

describe.runIf(browserHere)('the contribution statement in the portal', () => {
  let suite: BrowserSuite;
  beforeAll(async () => {
    suite = await startBrowserSuite('etat-cotisations');
    const ctx = suite.siamo.ctx;
    await loadDemoLicences(ctx);
    await loadDemoEnrolment(ctx, { keys: suite.siamo.keys.data, log: () => undefined });
    // The ladder's levels are durable timers already due: the case climbs them on its own.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const kase = await ctx.prisma.case.findFirst({
        where: { processId: 'recouvrement', context: { path: ['employeurId'], equals: DEMO_ARREARS_EMPLOYER } },
        select: { state: true },
      });
      if (kase?.state === 'suspendue') break;
      if (Date.now() > deadline)
        throw new Error(`Relances de l’employeur en retard : « ${kase?.state} » au lieu de la suspension.`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, 400_000);
  afterAll(() => suite?.close());

  it('shows the employer its unpaid calls and the suspension, and takes its payroll declaration', async () => {
    // On a phone. The forms are plain posts (no script enhances them).
    const { context, page } = await suite.session(EMPLOYEUR);
    await page.setViewportSize(PHONE);
    // The address the ladder's letters give: the employer's own statement.
    await page.goto(`${suite.base}/cotisations`);
    expect(new URL(page.url()).pathname).toBe(`/entreprise/${DEMO_ARREARS_EMPLOYER}`);
    const section = page.locator('#etat-cotisations');
    await expect.poll(() => section.getByRole('heading', { level: 2 }).textContent()).toBe('État des cotisations dues');
    const calls = section.locator('table.appels tbody tr');
    expect(await calls.count()).toBe(2);
    for (const row of await calls.all()) expect(await row.textContent()).toMatch(/impayé,\s*échu/);
    expect(await section.textContent()).toMatch(/Droits suspendus — cotisations impayées depuis/);
    const ladder = section.locator('.relances table tbody tr');
    expect(await ladder.allTextContents()).toEqual([
      expect.stringMatching(/^\s*Lettre de relance.*oui\s*$/s),
      expect.stringMatching(/^\s*Mise en demeure.*oui\s*$/s),
      expect.stringMatching(/^\s*Signalement à l’ICAMO.*oui\s*$/s),
      expect.stringMatching(/^\s*Suspension des droits.*oui\s*$/s),
    ]);
    // The ladder's case is the IPM's: the employer gets no link it could not open.
    expect(await section.locator('a[href^="/dossiers/"]').count()).toBe(0);
    await suite.shot(page, 'etat-cotisations-employeur-telephone');
    expect(await sideways(page, '#etat-cotisations')).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('Mois (AAAA-MM)').fill(month);
    await page.getByLabel('Masse salariale brute du mois (FCFA)').fill('trois millions');
    await page.getByLabel('Effectif du mois').fill('12');
    await page.getByRole('button', { name: 'Déclarer la masse salariale' }).click();
    await expect.poll(() => page.locator('#masse-erreur').textContent()).toContain('Déclaration refusée');
    expect(await page.locator('#masse-erreur').textContent()).toContain('masse salariale attendue');
    expect(await page.getByLabel('Mois (AAAA-MM)').inputValue()).toBe(month);
    expect(await page.getByLabel('Effectif du mois').inputValue()).toBe('12');
    expect(
      await suite.siamo.ctx.prisma.payrollDeclaration.count({ where: { employerId: DEMO_ARREARS_EMPLOYER } }),
    ).toBe(0);
    await page.getByLabel('Masse salariale brute du mois (FCFA)').fill('3 000 000');
    await page.getByRole('button', { name: 'Déclarer la masse salariale' }).click();
    await expect
      .poll(() => section.getByRole('status').textContent())
      .toMatch(/Masse salariale de .* déclarée : elle servira de base à l’appel de ce mois/);
    expect(
      await suite.siamo.ctx.prisma.payrollDeclaration.findMany({
        where: { employerId: DEMO_ARREARS_EMPLOYER },
        select: { period: true, headcount: true },
      }),
    ).toEqual([{ period: month, headcount: 12 }]);
    await context.close();
  }, 180_000);

  it('lets the IPM’s agent enter the payment that clears the debt, once, and both see it paid', async () => {
    const prisma = suite.siamo.ctx.prisma;
    const due = (
      await prisma.contributionCall.findMany({ where: { employerId: DEMO_ARREARS_EMPLOYER }, select: { amount: true } })
    ).reduce((sum, c) => sum + Number(c.amount), 0);
    expect(due).toBeGreaterThan(0);

    const { context, page } = await suite.session(AGENT);
    await page.setViewportSize(PHONE);
    await page.goto(`${suite.base}/ipm/recouvrement/${DEMO_ARREARS_EMPLOYER}`);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Transports Rapides du Cayor : état des cotisations dues');
    expect(
      await page.locator('main').getByRole('link', { name: 'Recouvrement des cotisations' }).getAttribute('href'),
    ).toBe('/ipm/recouvrement');
    expect(await sideways(page, 'main')).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await suite.shot(page, 'recouvrement-employeur-telephone');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The ladder's case and its numbered formal notice, which the IPM's people may open.
    const kase = await prisma.case.findFirstOrThrow({
      where: { processId: 'recouvrement', context: { path: ['employeurId'], equals: DEMO_ARREARS_EMPLOYER } },
    });
    expect(await page.locator(`a[href="/dossiers/${kase.id}"]`).count()).toBe(1);
    const notice = page.getByRole('link', { name: /^Mise en demeure n° \d{4}\/IPM\/MED\/\d{4} \(Word\)$/ });
    const download = await context.request.get(`${suite.base}${await notice.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );

    const pay = async () => {
      // Typed with spaces between thousands, as on a cheque.
      await page.getByLabel('Montant (FCFA)').fill(String(due).replace(/\B(?=(\d{3})+(?!\d))/g, ' '));
      await page.getByLabel('Référence du paiement').fill('CHQ-CAYOR-0001');
      await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    };
    await pay();
    const form = page.locator('#paiement');
    const report = form.getByRole('status');
    await expect.poll(() => report.textContent()).toContain('Paiement « CHQ-CAYOR-0001 »');
    expect(await report.textContent()).toMatch(
      /Reste dû : 0 FCFA · avoir : 0 FCFA · relances : la dette échue est soldée/,
    );
    expect(await report.locator('li').count()).toBe(2);
    const calls = page.locator('table.appels tbody tr');
    for (const row of await calls.all()) expect(await row.textContent()).toMatch(/\d{4}\s*payé\s*$/);
    expect(await page.locator('table', { hasText: 'CHQ-CAYOR-0001' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // Sent again (a reload of the POST, a double click): refused as already entered, nothing stored twice.
    await pay();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('déjà enregistré');
    expect(await prisma.payment.count({ where: { employerId: DEMO_ARREARS_EMPLOYER } })).toBe(1);
    await context.close();

    // The employer sees its calls paid, and its ladder ended once the case took the payment.
    const employer = await suite.session(EMPLOYEUR);
    await expect
      .poll(
        async () => {
          await employer.page.goto(`${suite.base}/entreprise/${DEMO_ARREARS_EMPLOYER}`);
          return employer.page.locator('#etat-cotisations .relances').textContent();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toContain('Dette soldée');
    const rows = await employer.page.locator('#etat-cotisations table.appels tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\d{4}\s*payé\s*$/);
    await employer.context.close();
  }, 180_000);

  it('answers another IPM’s agent that the employer is not found', async () => {
    const { context, page } = await suite.session(OTHER_AGENT);
    const response = await page.goto(`${suite.base}/ipm/recouvrement/${DEMO_ARREARS_EMPLOYER}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toContain('Employeur introuvable');
    await context.close();
  }, 60_000);
});
