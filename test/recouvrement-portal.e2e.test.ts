import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { approveRufisqueAdhesion, portalApi } from './support/portal-adhesion.ts';

// The IPM's collection page in a real browser against the whole product. Through the API: the demo
// employer's adhesion to the IPM de Thiès made active, its payroll declared for two periods, the first
// period's calls issued long past due. Then the IPM's agent opens « Recouvrement des cotisations » from
// the menu, sees the employer and what it owes, issues the second period's calls (the batch's page,
// to its end), imports a bank statement with a bad line — nothing stored, the line named — then the
// corrected statement, and the employer owes nothing overdue. Axe on each page; 390 px wide. The gérant,
// without JavaScript, finds the employer by name and sets the ladder (refused once, in French).

const AGENT = 'agent.ipm-thies@demo.siamo.sn';
const _EMPLOYEUR = 'employeur@demo.siamo.sn';
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');
const HEADER = 'date;reference;css_ipres;montant;libelle';
const statement = (...lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

describe.runIf(browserHere)('an IPM agent follows its collection in the portal', () => {
  let suite: BrowserSuite;
  let employerId = '';
  beforeAll(async () => {
    suite = await startBrowserSuite('recouvrement-ipm');
    const prisma = suite.siamo.ctx.prisma;
    const api = portalApi(suite);
    const call = api.call;
    const agent = await api.token(AGENT);
    employerId = await approveRufisqueAdhesion(suite, api);
    // 1 000 000 FCFA of payroll at 3 % + 3 %: 60 000 FCFA; then 500 000: 30 000.
    for (const [period, payroll, headcount] of [
      ['2026-01', 1_000_000, 4],
      ['2026-12', 500_000, 2],
    ] as const) {
      const declared = await call(
        agent,
        `mutation($e: ID!, $p: String!, $m: Float!, $h: Int!) { declarePayroll(employerId: $e, period: $p, payroll: $m, headcount: $h) {
          __typename ... on Error { message } } }`,
        { e: employerId, p: period, m: payroll, h: headcount },
      );
      expect(declared).toMatchObject({ __typename: 'PayrollDeclarationOutcome' });
    }
    const issued = await call(
      agent,
      'mutation { issueContributionCalls(period: "2026-01", dueDate: "2026-02-10") { __typename ... on Batch { id } } }',
    );
    const batchId = String(issued?.id);
    // The batch ends before the page shows its calls.
    for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250)))
      if ((await prisma.batch.findUniqueOrThrow({ where: { id: batchId } })).finishedAt) break;
  }, 240_000);
  afterAll(() => suite?.close());

  it('sees what the employers owe, issues a period’s calls, and imports a bank statement', async () => {
    const prisma = suite.siamo.ctx.prisma;
    const { context, page } = await suite.session(AGENT);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.base}/`);
    await Promise.all([
      page.waitForURL(/\/ipm\/recouvrement$/),
      page.getByRole('link', { name: 'Recouvrement des cotisations' }).first().click(),
    ]);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Recouvrement des cotisations');
    const row = page.locator('tbody tr', { hasText: 'Ciments de Rufisque' });
    // Headcount 4, called 60 000, paid 0, due 60 000, overdue 60 000, oldest unpaid 01/2026.
    await expect
      .poll(() => row.textContent())
      .toMatch(/Ciments de Rufisque\s*CSS-RUF-0042\s*4\s*60 000 FCFA\s*0 FCFA\s*60 000 FCFA\s*60 000 FCFA\s*01\/2026/);
    expect(await row.getByRole('link', { name: 'Ciments de Rufisque' }).getAttribute('href')).toBe(
      `/ipm/recouvrement/${employerId}`,
    );
    expect(await page.locator('.totals').textContent()).toMatch(/Employeurs\s*1, dont 1 en retard/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The default ladder, read-only for the agent (the gérant sets it).
    expect(await page.locator('#echelle + p + ol').textContent()).toMatch(/Lettre de relance : 15 jours/);
    expect(await page.getByRole('button', { name: 'Enregistrer l’échelle' }).count()).toBe(0);

    // A due date before the period: refused in French, nothing issued.
    await page.getByLabel('Période (AAAA-MM)').fill('2026-12');
    await page.getByLabel('Échéance').fill('2026-11-30');
    await page.getByRole('button', { name: 'Émettre les appels' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/Émission refusée : dueDate — l’échéance ne peut pas précéder le début de la période/);
    expect(await prisma.contributionCall.count({ where: { employerId } })).toBe(1);

    await page.getByLabel('Échéance').fill('2027-01-10');
    await Promise.all([
      page.waitForURL(/\/lots\/[^/]+$/),
      page.getByRole('button', { name: 'Émettre les appels' }).click(),
    ]);
    await expect.poll(() => page.getByTestId('etat-lot').textContent(), { timeout: 60_000 }).toBe('État : terminé');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await prisma.contributionCall.count({ where: { employerId } })).toBe(2);

    await page.goto(`${suite.base}/ipm/recouvrement`);
    await expect
      .poll(() => row.textContent())
      .toMatch(/CSS-RUF-0042\s*2\s*90 000 FCFA\s*0 FCFA\s*90 000 FCFA\s*60 000 FCFA/);

    // A statement with a bad line: nothing stored, the line named.
    await page.getByLabel('Fichier du relevé (CSV)').setInputFiles({
      name: 'releve-decembre.csv',
      mimeType: 'text/csv',
      buffer: statement(
        '01/12/2026;VIR-RUF-1;CSS-RUF-0042;60 000;Virement Ciments',
        '2026-12-02;VIR-RUF-2;CSS-INCONNU;5 000;Virement',
      ),
    });
    await page.getByRole('button', { name: 'Importer le relevé' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/Rien n’a été enregistré : 1 ligne\(s\) invalide\(s\)/);
    expect(await page.getByRole('list', { name: 'Compte rendu ligne par ligne' }).textContent()).toMatch(
      /Ligne 3 : aucun employeur de votre IPM n’a le numéro CSS\/IPRES « CSS-INCONNU »/,
    );
    expect(await prisma.payment.count({ where: { employerId } })).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByLabel('Fichier du relevé (CSV)').setInputFiles({
      name: 'releve-decembre.csv',
      mimeType: 'text/csv',
      buffer: statement(
        '01/12/2026;VIR-RUF-1;CSS-RUF-0042;60 000;Virement Ciments',
        '2026-12-02;VIR-RUF-2;CSS-RUF-0042;5 000;Virement',
      ),
    });
    await page.getByRole('button', { name: 'Importer le relevé' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/Relevé « releve-decembre\.csv » importé : 2 paiement\(s\) enregistré\(s\), 0 déjà\s*enregistré\(s\)/);
    expect(await prisma.payment.count({ where: { employerId } })).toBe(2);
    // 65 000 paid: the overdue period cleared, 25 000 left on the next one, not yet due.
    await expect
      .poll(() => row.textContent())
      .toMatch(/CSS-RUF-0042\s*2\s*90 000 FCFA\s*65 000 FCFA\s*25 000 FCFA\s*0 FCFA\s*12\/2026/);
    await page.getByLabel('En retard seulement').check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Aucun employeur ne correspond.');
    expect(page.url()).toMatch(/retard=1/);
    await suite.shot(page, 'recouvrement-ipm');
    await context.close();
  }, 180_000);

  it('lets the gérant find an employer and set the ladder, without JavaScript', async () => {
    const { context, page } = await suite.session('gerant.ipm-thies@demo.siamo.sn', { javaScriptEnabled: false });
    await page.goto(`${suite.base}/ipm/recouvrement`);
    await page.getByLabel('Nom ou numéro CSS/IPRES').fill('rufisque');
    await Promise.all([page.waitForURL(/q=rufisque/), page.getByRole('button', { name: 'Filtrer' }).click()]);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('CSS-RUF-0042');

    const setLadder = async (days: number[]) => {
      for (const [label, value] of [
        ['Lettre de relance (jours)', days[0]],
        ['Mise en demeure (jours)', days[1]],
        ['Signalement à l’ICAMO (jours)', days[2]],
        ['Suspension des droits (jours)', days[3]],
      ] as const)
        await page.getByLabel(label).fill(String(value));
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Enregistrer l’échelle' }).click(),
      ]);
    };
    // Later levels must come later: refused by the API in French, nothing stored.
    await setLadder([10, 5, 30, 40]);
    expect(await page.locator('#echelle ~ [role="alert"]').textContent()).toMatch(
      /niveau 2 \(mise_en_demeure\) : le délai doit être plus long que celui du niveau précédent/,
    );
    expect(await suite.siamo.ctx.prisma.reminderLadder.count({ where: { ipmId: 'ipm-thies' } })).toBe(0);
    await setLadder([10, 20, 30, 40]);
    expect(await page.getByRole('status').first().textContent()).toContain('Échelle de relances enregistrée');
    expect(await page.locator('#echelle + p').textContent()).toContain('L’échelle propre à votre IPM');
    expect(await page.locator('#echelle + p + ol').textContent()).toMatch(
      /Lettre de relance : 10 jours\s*Mise en demeure : 20 jours\s*Signalement à l’ICAMO : 30 jours\s*Suspension des droits : 40 jours/,
    );
    // No axe here: it runs as a page script, which this browser does not (the page passed it above).
    await context.close();
  }, 120_000);
});
