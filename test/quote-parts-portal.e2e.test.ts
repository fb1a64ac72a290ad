import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';

// The IPM's page of what its members owe, in a real browser against the whole product: a debt past
// due recorded through the API shows in the collection list; the IPM's agent opens « Sommes dues par
// les assurés » from the menu, opens the member's account by its card number, enters a partial
// payment, is refused a debt of 0 FCFA in French, records one, and imports a file of debts (twice:
// the second changes nothing). Axe checks, and the page at 390 px without horizontal scrolling.

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');
const AGENT = 'agent.ipm-thies@demo.siamo.sn';
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.runIf(browserHere)('the IPM’s page of members’ debts', () => {
  let suite: BrowserSuite;
  let card = '';
  beforeAll(async () => {
    suite = await startBrowserSuite('quote-parts');
    const prisma = suite.siamo.ctx.prisma;
    const db = prismaSql(prisma);
    const employerId = await insertEmployer(db, 'ipm-thies', 'Huilerie de Kaolack');
    const p = await insertParticipant(db, testDataKeys(), { ipmId: 'ipm-thies', employerId, nin: '1880909001234' });
    await insertAffiliation(db, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId: 'ipm-thies',
      employerId,
      from: '2020-01-01',
    });
    card = (await prisma.participant.findUniqueOrThrow({ where: { id: p.id } })).cardNumber;
    const agent = await prisma.user.findUniqueOrThrow({ where: { email: AGENT } });
    const token = await createApiToken(prisma, { userId: agent.id, label: 'test' });
    const response = await fetch(`${suite.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($p: ID!, $i: String!, $e: String!) { recordMemberDebt(participantId: $p, kind: "quote_part",
          reference: "QP-E2E-0001", label: "Consultation", incurredOn: $i, amount: 5000, dueDate: $e) { __typename ... on Error { message } } }`,
        variables: { p: p.id, i: dayOf(Date.now() - 10 * DAY), e: dayOf(Date.now() - DAY) },
      }),
    });
    const body = (await response.json()) as { data: { recordMemberDebt: { __typename: string; message?: string } } };
    expect(body.data.recordMemberDebt, body.data.recordMemberDebt.message).toMatchObject({
      __typename: 'MemberDebtRecorded',
    });
  }, 240_000);
  afterAll(() => suite?.close());

  it('lists the overdue members, takes a payment, a debt and a file', async () => {
    const { context, page } = await suite.session(AGENT);
    await page.goto(suite.base);
    await Promise.all([
      page.waitForURL(/\/ipm\/quote-parts$/),
      page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Sommes dues par les assurés' })
        .click(),
    ]);
    const main = page.locator('main');
    const overdue = page.getByRole('region', { name: 'Assurés en retard de paiement' });
    expect(await overdue.textContent()).toContain('Diop Awa');
    expect(await overdue.textContent()).toContain('5 000 FCFA');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Numéro de carte de l’assuré').fill(card);
    await Promise.all([page.waitForURL(/assure=/), page.getByRole('button', { name: 'Ouvrir son compte' }).click()]);
    expect(await main.textContent()).toContain('QP-E2E-0001');

    const payment = page.locator('form', { has: page.getByRole('heading', { name: 'Enregistrer un paiement' }) });
    await payment.getByLabel('Montant (FCFA)').fill('2 000');
    await payment.getByLabel('Référence (reçu, virement)').fill('REC-E2E-0001');
    await payment.getByLabel('Mode').selectOption('mobile_money');
    await payment.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Paiement « REC-E2E-0001 » enregistré.');
    await expect.poll(() => main.textContent()).toContain('3 000 FCFA');

    const debt = page.locator('form', { has: page.getByRole('heading', { name: 'Enregistrer une somme due' }) });
    const fillDebt = async (amount: string, reference: string) => {
      await debt.getByLabel('Référence de l’IPM').fill(reference);
      await debt.getByLabel('Libellé').fill('Pharmacie');
      await debt.getByLabel('Date des soins').fill(dayOf(Date.now() - 2 * DAY));
      await debt.getByLabel('Montant (FCFA)').fill(amount);
      await debt.getByRole('button', { name: 'Enregistrer la somme due' }).click();
    };
    await fillDebt('0', 'QP-E2E-0002');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('montant attendu');
    await fillDebt('1 500', 'QP-E2E-0002');
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Somme due « QP-E2E-0002 » enregistrée.');
    expect(await seriousViolations(page)).toEqual([]);

    const file = {
      name: 'sommes-dues.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `carte;reference;nature;libelle;date_soins;montant;echeance\n${card};QP-E2E-0003;avance;Avance;${dayOf(Date.now() - 3 * DAY)};4 000;\n`,
      ),
    };
    await page.getByLabel('Fichier des sommes dues', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Import réalisé : 1 somme(s) enregistrée(s)');
    await page.getByLabel('Fichier des sommes dues', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('0 somme(s) enregistrée(s), 1 déjà enregistrée(s)');
    expect(await seriousViolations(page)).toEqual([]);
    await suite.shot(page, 'quote-parts-ipm');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.base}/ipm/quote-parts`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 180_000);
});
