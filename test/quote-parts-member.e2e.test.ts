import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayKey, dayNumber } from '../processes/calendar.ts';
import { hashPassword } from '../services/auth/password.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { formatFcfa } from '../ui/src/lib/format.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';

// Quote-parts and reimbursements in a real browser against the whole product (the forms are plain
// posts, without enhancement): the IPM de Thiès's agent opens « Remboursements aux assurés » from the menu,
// finds the participant by card number, reads on its file the quote-part it owes, records two
// reimbursements — the first try refused in French (more reimbursed than paid) — and marks one paid.
// Then the member, in its space, sees the quote-part to pay with its total, one reimbursement due and
// one paid, and downloads its own card; the page fits a phone's width. Accessibility checks on each page.

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');
const AGENT = 'agent.ipm-thies@demo.siamo.sn';
const MEMBER = 'awa.diop.quote-parts@exemple.sn';
const today = new Date().toISOString().slice(0, 10);
const CARE_DAY = dayKey(dayNumber(today) - 12);

describe.runIf(browserHere)('quote-parts and reimbursements in the portal', () => {
  let suite: BrowserSuite;
  let participantId = '';
  let cardNumber = '';
  beforeAll(async () => {
    suite = await startBrowserSuite('quote-parts-assure');
    const prisma = suite.siamo.ctx.prisma;
    const db = prismaSql(prisma);
    const employerId = await insertEmployer(db, 'ipm-thies', 'Ciments de Rufisque');
    const p = await insertParticipant(db, testDataKeys(), { ipmId: 'ipm-thies', employerId, nin: '2690909004321' });
    participantId = p.id;
    await insertAffiliation(db, {
      participantId,
      ninIndex: p.ninIndex,
      ipmId: 'ipm-thies',
      employerId,
      from: '2026-01-01',
    });
    const child = await insertDependant(db, { participantId, rank: 1, kind: 'enfant', birthDate: '2016-09-12' });
    cardNumber = (await prisma.participant.findUniqueOrThrow({ where: { id: participantId } })).cardNumber;
    const agent = await prisma.user.findUniqueOrThrow({ where: { email: AGENT } });
    // Set-up: the member's account (its invitation is member-space's test) and a quote-part it owes,
    // as the debts' services would have written it.
    const user = await prisma.user.create({
      data: {
        email: MEMBER,
        displayName: 'Awa Diop',
        passwordHash: await hashPassword(DEMO_PASSWORD),
        organisationId: 'ipm-thies',
        roles: ['assure'],
      },
    });
    await prisma.memberAccount.create({
      data: { userId: user.id, participantId, ipmId: 'ipm-thies', invitedBy: agent.id },
    });
    await prisma.memberDebt.create({
      data: {
        id: randomUUID(),
        ipmId: 'ipm-thies',
        participantId,
        dependantId: child,
        kind: 'quote_part',
        reference: 'QP-THIES-0001',
        label: 'Hospitalisation, part de l’assuré',
        incurredOn: new Date(`${CARE_DAY}T00:00:00Z`),
        amount: 25000n,
        paid: 5000n,
        dueDate: new Date(`${dayKey(dayNumber(today) + 20)}T00:00:00Z`),
        source: 'manuel',
        createdBy: agent.id,
      },
    });
  }, 240_000);
  afterAll(() => suite?.close());

  it('lets the IPM’s agent find the participant, read what it owes, record reimbursements and mark one paid', async () => {
    const { context, page } = await suite.session(AGENT);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await Promise.all([
      page.waitForURL(/\/ipm\/remboursements$/),
      nav.getByRole('link', { name: 'Remboursements aux assurés' }).click(),
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('N° de carte').check();
    await page.getByLabel('Recherche').fill(cardNumber);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Chercher' }).click()]);
    await Promise.all([
      page.waitForURL(new RegExp(`/ipm/registre/${participantId}`)),
      page.getByRole('link', { name: /Diop Awa/ }).click(),
    ]);
    const main = page.locator('main');
    expect(await main.textContent()).toContain('Sommes dues (quote-parts)');
    expect(await main.textContent()).toContain('Hospitalisation, part de l’assuré');
    expect(await main.textContent()).toContain(`Total restant dû : ${formatFcfa(20000)}`);
    expect(await main.textContent()).toContain('Aucun remboursement enregistré pour ce participant.');

    const record = async (fields: Record<string, string>) => {
      await page.getByLabel('Référence de la demande').fill(fields.reference as string);
      await page.getByLabel('Objet (soins)').fill(fields.label as string);
      await page.getByLabel('Pour', { exact: true }).selectOption({ label: fields.whom as string });
      await page.getByLabel('Date des soins').fill(CARE_DAY);
      await page.getByLabel('Montant payé par l’assuré (FCFA)').fill(fields.claimed as string);
      await page.getByLabel('Montant remboursé (FCFA)').fill(fields.amount as string);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Enregistrer le remboursement' }).click(),
      ]);
    };
    // More reimbursed than paid: refused in French, the typed values kept, nothing recorded.
    await record({
      reference: 'RMB-T-1',
      label: 'Consultation',
      whom: 'Awa Diop (participant)',
      claimed: '10000',
      amount: '12000',
    });
    expect(await page.getByRole('alert').textContent()).toContain(
      'le montant remboursé ne peut pas dépasser le montant payé par l’assuré',
    );
    expect(await page.getByLabel('Référence de la demande').inputValue()).toBe('RMB-T-1');
    expect(await suite.siamo.ctx.prisma.memberReimbursement.count({ where: { participantId } })).toBe(0);

    await record({
      reference: 'RMB-T-1',
      label: 'Consultation',
      whom: 'Awa Diop (participant)',
      claimed: '10000',
      amount: '8000',
    });
    expect(await page.getByRole('status').last().textContent()).toContain('Remboursement « RMB-T-1 » enregistré.');
    await record({ reference: 'RMB-T-2', label: 'Pharmacie', whom: 'Moussa Diop', claimed: '6 000', amount: '4500' });
    expect(await main.textContent()).toContain(`Reste à rembourser : ${formatFcfa(12500)}`);
    expect(await seriousViolations(page)).toEqual([]);

    // Marked paid: the first one.
    const pay = page.getByRole('button', { name: 'Marquer payé : RMB-T-1' });
    await page.locator('form', { has: pay }).getByLabel('Référence du paiement').fill('VIR-THIES-42');
    await Promise.all([page.waitForEvent('load'), pay.click()]);
    expect(await main.textContent()).toContain('Remboursement marqué payé');
    expect(await main.textContent()).toContain('(réf. VIR-THIES-42)');
    expect(await main.textContent()).toContain(`Reste à rembourser : ${formatFcfa(4500)}`);
    const paid = await suite.siamo.ctx.prisma.memberReimbursement.findFirstOrThrow({ where: { reference: 'RMB-T-1' } });
    expect(paid).toMatchObject({ status: 'paye', paymentReference: 'VIR-THIES-42' });
    // The member is told, by a mail whose subject names no one.
    const mail = await suite.siamo.ctx.prisma.mailMessage.findFirstOrThrow({ where: { toAddress: MEMBER } });
    expect(mail.subject).toBe('Siamo : un remboursement vous a été versé');
    expect(await seriousViolations(page)).toEqual([]);
    await suite.shot(page, 'remboursements-fiche-participant');
    await context.close();
  }, 180_000);

  it('shows the member the quote-part it owes, its reimbursements due and paid, and its card', async () => {
    const { context, page } = await suite.session(MEMBER);
    await page.goto(`${suite.base}/mon-espace`);
    const main = page.locator('main');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('Quote-parts à payer');
    expect(text).toContain(`Total à payer : ${formatFcfa(20000)}`);
    expect(text).toContain('Hospitalisation, part de l’assuré — pour Moussa');
    const due = page.getByRole('list', { name: 'Dus par votre IPM' });
    expect(await due.textContent()).toContain('Pharmacie');
    expect(await due.textContent()).toContain(`${formatFcfa(4500)} à recevoir`);
    const paid = page.getByRole('list', { name: 'Payés' });
    expect(await paid.textContent()).toContain('Consultation');
    expect(await paid.textContent()).toContain(`${formatFcfa(8000)} versés le`);
    expect(await seriousViolations(page)).toEqual([]);
    await suite.shot(page, 'espace-assure-quote-parts');

    // Its own card, as a download (the Word version: the PDF needs LibreOffice on the server).
    const link = page.getByRole('link', { name: 'Word de ma carte d’assuré' });
    expect(await link.getAttribute('href')).toBe(`/cartes/${participantId}.docx`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`carte-assure-${cardNumber}.docx`);

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.base}/mon-espace`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.close();
  }, 180_000);
});
