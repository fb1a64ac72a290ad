import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';
import { eventually } from './support/licensing.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import type { People, Person } from './support/people.ts';

// Recouvrement on the real server, through the API: calls issued by a batch for every employer of an
// IPM, a partial payment, then the IPM's ladder (shortened to seconds) through every level — letter,
// numbered formal notice, ICAMO, suspension — with its mails through a real SMTP conversation, and the
// payment that clears the debt, lifts the suspension from its date and stops the ladder; a new unpaid
// call restarts it. Then a bank statement, all or nothing, imported twice.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let lab: MailLab;
let employerId: string;
let otherEmployerId: string;
let participantId: string;
let dependantId: string;

const as = (p: Person): Credentials => ({ token: p.token });
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = dayOf(Date.now());
const yesterday = dayOf(Date.now() - DAY);
// Due yesterday: the calls are overdue at once. Two periods whose first days are both before it.
const period = dayOf(Date.now() - 40 * DAY).slice(0, 7);
const nextMonth = (p: string) => {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

async function gql(p: Person, query: string, variables: Record<string, unknown> = {}) {
  const answer = await api.gql(query, variables, as(p));
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

const STATEMENT = `query($id: ID!) { contributionStatement(employerId: $id) { __typename
  ... on ContributionStatement { balance overdue credit totalCalled totalPaid
    calls { id period amount paid due status payrollBase headcount payrollSource employerShare workerShare }
    payments { reference amount allocated enteredBy allocations { period amount allocatedBy } }
    reminders { caseId state terminal amountDue period levels { level at } } }
  ... on Error { code message } } }`;

const statement = async (p: Person, id = employerId) => (await gql(p, STATEMENT, { id })).contributionStatement;

const PAY = `mutation($e: ID!, $a: Float!, $d: String!, $r: String!) {
  enterPayment(employerId: $e, amount: $a, paidOn: $d, reference: $r) { __typename
    ... on PaymentOutcome { outstanding credit ladder allocatedTo { amount } }
    ... on Error { code message } } }`;

const rights = async (id: string, date: string) =>
  (
    await gql(
      people.person.agentA,
      `query($b: ID!, $d: String!) { rightsAt(beneficiaryId: $b, date: $d) { __typename ... on RightsAnswer { covered code since } } }`,
      { b: id, d: date },
    )
  ).rightsAt;

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({ dependencies: { mail: lab.settings, dataDir: lab.dataDir } });
  ({ api, people } = suite);
  const db = prismaSql(suite.h.prisma);
  const ipmId = people.organisations.ipmA;
  // The employer whose portal users are the test's `employeur`: its Employer row has its organisation's id.
  employerId = people.organisations.employer;
  await db.query(
    `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "sector", "communeCode") VALUES ($1, $2, 'Ciments du Cap', $3, 'industrie', 'SN-DK-01')`,
    [employerId, ipmId, `CSS-${employerId.slice(-8)}`],
  );
  otherEmployerId = await insertEmployer(db, ipmId, 'Transports du Fleuve');
  const keys = testDataKeys();
  const nins = ['1234567890123', '2234567890124', '1334567890125'];
  const workers = [
    { employer: employerId, nin: nins[0] as string },
    { employer: employerId, nin: nins[1] as string },
    { employer: otherEmployerId, nin: nins[2] as string },
  ];
  for (const [i, w] of workers.entries()) {
    const p = await insertParticipant(db, keys, { ipmId, employerId: w.employer, nin: w.nin });
    await insertAffiliation(db, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId,
      employerId: w.employer,
      from: '2020-01-01',
    });
    if (i === 0) {
      participantId = p.id;
      dependantId = await insertDependant(db, {
        participantId: p.id,
        rank: 1,
        kind: 'conjoint',
        birthDate: '1988-03-01',
      });
    }
  }
});
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

describe('contribution calls, payments and the reminder ladder', () => {
  it('runs every level through to suspension, and the clearing payment lifts it from its date', async () => {
    const { gerantA, agentA, employeur, analyste, agentB } = people.person;
    const ladder = await gql(
      gerantA,
      `mutation($l: [ReminderLadderLevelInput!]!) { setReminderLadder(levels: $l) { __typename ... on ReminderLadder { own levels { action delai } } } }`,
      {
        l: [
          { action: 'courrier', delai: 'PT4S' },
          { action: 'mise_en_demeure', delai: 'PT8S' },
          { action: 'signalement_icamo', delai: 'PT12S' },
          { action: 'suspension', delai: 'PT16S' },
        ],
      },
    );
    expect(ladder.setReminderLadder.own).toBe(true);

    const issued = await gql(
      agentA,
      `mutation($p: String!, $d: String!) { issueContributionCalls(period: $p, dueDate: $d) { __typename ... on Batch { id kind } } }`,
      { p: period, d: yesterday },
    );
    expect(issued.issueContributionCalls.kind).toBe('appels_cotisations');
    await eventually(
      () => suite.h.prisma.batch.findUniqueOrThrow({ where: { id: issued.issueContributionCalls.id } }),
      (b) => b.finishedAt !== null,
    );
    const first = await statement(agentA);
    // Two workers at 250 000 FCFA; 3 % each share (the default rates, 300 ten-thousandths).
    expect(first.calls).toEqual([
      expect.objectContaining({
        period,
        headcount: 2,
        payrollBase: 500_000,
        payrollSource: 'effectif',
        employerShare: 15_000,
        workerShare: 15_000,
        amount: 30_000,
        paid: 0,
        status: 'emis',
      }),
    ]);
    // The other employer got its own call in the same batch.
    expect((await statement(agentA, otherEmployerId)).calls.map((c: { amount: number }) => c.amount)).toEqual([15_000]);
    // The employer sees its own statement; another IPM sees no such employer.
    expect((await statement(employeur)).balance).toBe(30_000);
    expect((await statement(agentB)).__typename).toBe('NotFoundError');

    // Issuing again changes nothing.
    const again = await gql(
      agentA,
      `mutation($p: String!, $d: String!) { issueContributionCalls(period: $p, dueDate: $d) { ... on Batch { id } } }`,
      { p: period, d: yesterday },
    );
    await eventually(
      () => suite.h.prisma.batch.findUniqueOrThrow({ where: { id: again.issueContributionCalls.id } }),
      (b) => b.finishedAt !== null,
    );
    expect((await statement(agentA)).calls).toEqual(first.calls);

    // The due date passed: the campaign's timer opens the employer's ladder.
    const opened = await eventually(
      () => statement(agentA),
      (s) => s.reminders.length === 1,
    );
    const caseId = opened.reminders[0].caseId;

    const partial = await gql(agentA, PAY, { e: employerId, a: 10_000, d: today, r: 'VIR-0001' });
    expect(partial.enterPayment).toMatchObject({ outstanding: 20_000, credit: 0, ladder: 'actualisee' });

    const suspended = await eventually(
      () => suite.h.prisma.case.findUniqueOrThrow({ where: { id: caseId } }),
      (c) => c.state === 'suspendue',
      40_000,
    );
    expect((suspended.context as Record<string, unknown>).montantDu).toBe(20_000);
    // The employer reads its ladder as the case holds it: the amount due, the call, each level's instant.
    const context = suspended.context as Record<string, string>;
    expect((await statement(employeur)).reminders).toEqual([
      {
        caseId,
        state: 'suspendue',
        terminal: false,
        amountDue: 20_000,
        period,
        levels: [
          { level: 'courrier', at: context.dateCourrier },
          { level: 'mise_en_demeure', at: context.dateMiseEnDemeure },
          { level: 'signalement_icamo', at: context.dateSignalement },
          { level: 'suspension', at: context.dateSuspension },
        ],
      },
    ]);
    const history = await suite.h.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } });
    expect(history.map((h) => h.event)).toContain('dette.actualiser');
    expect(history.map((h) => h.event).slice(-4)).toEqual([
      'echelon.courrier',
      'echelon.mise_en_demeure',
      'echelon.signalement',
      'echelon.suspension',
    ]);
    const notice = await suite.h.prisma.document.findFirstOrThrow({ where: { caseId, kind: 'mise_en_demeure' } });
    expect(notice.number).toMatch(/^\d{4}\/IPM\/MED\/\d{4}$/);
    expect(notice.mimeType).toContain('wordprocessingml');

    await expect
      .poll(
        async () =>
          (await lab.caught())
            .filter((m) => recipientOf(m) === employeur.email)
            .map((m) => m.subject?.split(' ')[0])
            .sort(),
        { timeout: 15_000 },
      )
      .toEqual(['Mise', 'Relance', 'Suspension']);
    await expect
      .poll(
        async () =>
          (await lab.caught())
            .filter((m) => recipientOf(m) === analyste.email)
            .map((m) => m.subject?.replace(/^Dossier \S+ : /, ''))
            .sort(),
        { timeout: 15_000 },
      )
      // The other employer owes its call too: its own ladder reaches ICAMO as well.
      .toEqual(['défaut de paiement de Ciments du Cap signalé', 'défaut de paiement de Transports du Fleuve signalé']);

    // Suspended from today, participant and dependant alike.
    expect(await rights(participantId, today)).toMatchObject({
      covered: false,
      code: 'employeur_suspendu',
      since: today,
    });
    expect(await rights(dependantId, today)).toMatchObject({ covered: false, code: 'employeur_suspendu' });
    expect(await rights(participantId, yesterday)).toMatchObject({ covered: true });

    // The test cannot wait days: the suspension is moved back two days, as if it had begun then.
    const twoDaysAgo = dayOf(Date.now() - 2 * DAY);
    await suite.h.prisma
      .$executeRaw`UPDATE "RightsSuspension" SET "validFrom" = ${twoDaysAgo}::date WHERE "employerId" = ${employerId}`;

    // Overpaid by 5 000: the debt is cleared, the rest kept as credit.
    const full = await gql(agentA, PAY, { e: employerId, a: 25_000, d: today, r: 'VIR-0002' });
    expect(full.enterPayment).toMatchObject({ outstanding: 0, credit: 5_000, ladder: 'soldee' });
    await eventually(
      () => suite.h.prisma.case.findUniqueOrThrow({ where: { id: caseId } }),
      (c) => c.state === 'soldee',
    );
    await eventually(
      () => rights(participantId, today),
      (r) => r.covered === true,
    );
    expect(await rights(participantId, yesterday)).toMatchObject({ covered: false, since: twoDaysAgo });
    expect(await rights(dependantId, today)).toMatchObject({ covered: true });

    const cleared = await statement(employeur);
    expect(cleared).toMatchObject({ balance: 0, credit: 5_000 });
    expect(cleared.calls[0]).toMatchObject({ paid: 30_000, status: 'paye' });
    expect(cleared.payments).toEqual([
      expect.objectContaining({ reference: 'VIR-0001', allocated: 10_000, enteredBy: agentA.id }),
      expect.objectContaining({ reference: 'VIR-0002', allocated: 20_000 }),
    ]);
    await expect
      .poll(async () => (await lab.caught()).filter((m) => recipientOf(m) === employeur.email).length, {
        timeout: 15_000,
      })
      .toBe(4);

    // A new unpaid call (the next period, its due date passed too) restarts the ladder; the credit goes to it.
    const next = await gql(
      agentA,
      `mutation($p: String!, $d: String!) { issueContributionCalls(period: $p, dueDate: $d) { ... on Batch { id } } }`,
      { p: nextMonth(period), d: yesterday },
    );
    await eventually(
      () => suite.h.prisma.batch.findUniqueOrThrow({ where: { id: next.issueContributionCalls.id } }),
      (b) => b.finishedAt !== null,
    );
    const restarted = await eventually(
      () => statement(agentA),
      (s) => s.reminders.length === 2,
    );
    expect(restarted.calls[1]).toMatchObject({ amount: 30_000, paid: 5_000, status: 'partiellement_paye' });
    expect(restarted.credit).toBe(0);
    expect(restarted.reminders.filter((r: { terminal: boolean }) => !r.terminal)).toHaveLength(1);
  });
});
