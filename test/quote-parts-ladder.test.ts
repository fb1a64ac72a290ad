import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { ensureMemberLadderSchedule } from '../services/quote-parts/member-ladder-schedule.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertAffiliation, insertDependant, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { eventually } from './support/licensing.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import type { People, Person } from './support/people.ts';

// The members' reminder ladder on the real server: the daily run (the Temporal workflow its Schedule
// starts, given a day) opens one case per participant with an overdue unpaid debt; the IPM's ladder,
// shortened to seconds, goes through every level — a reminder to the member (its own address, or its
// employer's people when it has none), a deduction asked of the employer, the suspension rightsAt
// honours — with its mails through a real SMTP conversation, no subject naming anyone. A partial
// payment updates the amount; the clearing payment lifts the suspension from its date (or deletes it
// when it predates it) and ends the case; a new unpaid debt opens a new case.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let lab: MailLab;
let memberId: string;
let dependantId: string;
let relayedId: string;
const MEMBER_EMAIL = 'awa.diop@exemple.sn';

const as = (p: Person): Credentials => ({ token: p.token });
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = dayOf(Date.now());
const yesterday = dayOf(Date.now() - DAY);
const ago = (n: number) => dayOf(Date.now() - n * DAY);

async function gql(p: Person, query: string, variables: Record<string, unknown> = {}) {
  const answer = await api.gql(query, variables, as(p));
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

const record = async (participantId: string, reference: string, amount: number) =>
  (
    await gql(
      people.person.agentA,
      `mutation($p: ID!, $r: String!, $a: Float!, $i: String!, $e: String!) {
        recordMemberDebt(participantId: $p, kind: "quote_part", reference: $r, label: "Hospitalisation, part de l’assuré",
          incurredOn: $i, amount: $a, dueDate: $e) { __typename ... on MemberDebtRecorded { created } ... on Error { message } } }`,
      { p: participantId, r: reference, a: amount, i: ago(5), e: yesterday },
    )
  ).recordMemberDebt;

const pay = async (participantId: string, amount: number, reference: string, paidOn = today) =>
  (
    await gql(
      people.person.agentA,
      `mutation($p: ID!, $a: Float!, $d: String!, $r: String!) {
        enterMemberPayment(participantId: $p, amount: $a, paidOn: $d, reference: $r, mode: "retenue_salaire") { __typename
          ... on MemberPaymentOutcome { outstanding credit ladder } ... on Error { message } } }`,
      { p: participantId, a: amount, d: paidOn, r: reference },
    )
  ).enterMemberPayment;

const ladderOf = async (participantId: string) =>
  (
    await gql(
      people.person.agentA,
      `query($p: ID!) { memberDebts(participantId: $p) { ... on MemberDebts { overdue ladder { caseId state level montantDu } } } }`,
      { p: participantId },
    )
  ).memberDebts.ladder;

const rights = async (id: string, date: string) =>
  (
    await gql(
      people.person.agentA,
      `query($b: ID!, $d: String!) { rightsAt(beneficiaryId: $b, date: $d) { __typename ... on RightsAnswer { covered code since } } }`,
      { b: id, d: date },
    )
  ).rightsAt;

const dailyRun = (day: string) =>
  suite.h.ctx.temporal.workflow.execute('memberLadderWorkflow', {
    taskQueue: suite.h.ctx.taskQueue,
    workflowId: `relances-quote-parts-test-${randomUUID()}`,
    args: [{ day }],
  }) as Promise<{ day: string; opened: number }>;

const caseOf = (id: string) => suite.h.prisma.case.findUniqueOrThrow({ where: { id } });

const mailsTo = async (address: string) => (await lab.caught()).filter((m) => recipientOf(m) === address);

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({ dependencies: { mail: lab.settings, dataDir: lab.dataDir } });
  ({ api, people } = suite);
  const db = prismaSql(suite.h.prisma);
  const ipmId = people.organisations.ipmA;
  // The employer whose portal users are the test's `employeur`: its Employer row has its organisation's id.
  const employerId = people.organisations.employer;
  await db.query(
    `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "sector", "communeCode") VALUES ($1, $2, 'Ciments du Cap', $3, 'industrie', 'SN-DK-01')`,
    [employerId, ipmId, `CSS-${employerId.slice(-8)}`],
  );
  const keys = testDataKeys();
  const member = await insertParticipant(db, keys, { ipmId, employerId, nin: '1778901234567' });
  await insertAffiliation(db, {
    participantId: member.id,
    ninIndex: member.ninIndex,
    ipmId,
    employerId,
    from: '2020-01-01',
  });
  memberId = member.id;
  await db.query('UPDATE "Participant" SET "email" = $2 WHERE "id" = $1', [memberId, MEMBER_EMAIL]);
  dependantId = await insertDependant(db, {
    participantId: memberId,
    rank: 1,
    kind: 'conjoint',
    birthDate: '1990-02-01',
  });
  // No address of their own, no account: their letters go to the employer's people.
  const relayed = await insertParticipant(db, keys, { ipmId, employerId, nin: '2778901234568' });
  await insertAffiliation(db, {
    participantId: relayed.id,
    ninIndex: relayed.ninIndex,
    ipmId,
    employerId,
    from: '2020-01-01',
  });
  relayedId = relayed.id;
});
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

describe('the members’ reminder ladder', () => {
  it('runs every level to the suspension, and the clearing payment lifts it from its date', async () => {
    const { gerantA, employeur } = people.person;
    await gql(
      gerantA,
      `mutation($l: [MemberReminderLadderLevelInput!]!) { setMemberReminderLadder(levels: $l) { __typename } }`,
      {
        l: [
          { action: 'rappel', delai: 'PT4S' },
          { action: 'retenue_salaire', delai: 'PT8S' },
          { action: 'suspension', delai: 'PT12S' },
        ],
      },
    );
    expect(await record(memberId, 'HOSP-2026-0001', 10_000)).toMatchObject({ created: true });
    expect(await record(relayedId, 'HOSP-2026-0002', 3_000)).toMatchObject({ created: true });
    // Nothing is overdue on the due date itself; the day after, both are.
    expect((await dailyRun(yesterday)).opened).toBe(0);
    expect(await dailyRun(today)).toEqual({ day: today, opened: 2 });
    expect((await dailyRun(today)).opened).toBe(0);

    const opened = await ladderOf(memberId);
    expect(opened).toMatchObject({ montantDu: 10_000 });
    const caseId = opened.caseId;
    const relayedCaseId = (await ladderOf(relayedId)).caseId;
    // The case knows the participant by its row id and amounts only.
    const context = (await caseOf(caseId)).context as Record<string, unknown>;
    expect(Object.keys(context).sort()).toEqual(
      ['dateRappel', 'dateRetenue', 'dateSuspension', 'echeance', 'montantDu', 'participantId'].sort(),
    );
    expect(context).toMatchObject({ participantId: memberId, echeance: yesterday, montantDu: 10_000 });

    expect(await pay(memberId, 4_000, 'RET-0001')).toMatchObject({ outstanding: 6_000, ladder: 'actualisee' });

    const suspended = await eventually(
      () => caseOf(caseId),
      (c) => c.state === 'suspendue',
      40_000,
    );
    expect((suspended.context as Record<string, unknown>).montantDu).toBe(6_000);
    const history = await suite.h.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } });
    expect(history.map((h) => h.event)).toContain('dette.actualiser');
    expect(history.map((h) => h.event).slice(-3)).toEqual([
      'echelon.rappel',
      'echelon.retenue_salaire',
      'echelon.suspension',
    ]);
    expect(await ladderOf(memberId)).toMatchObject({ state: 'suspendue', level: 'suspension' });
    await eventually(
      () => caseOf(relayedCaseId),
      (c) => c.state === 'suspendue',
      40_000,
    );

    // The member: the reminder and the suspension. The employer's people: a deduction for each worker,
    // and the other worker's letters, who has no address of their own.
    await expect
      .poll(async () => (await mailsTo(MEMBER_EMAIL)).map((m) => m.subject?.split(' ')[0]).sort(), { timeout: 15_000 })
      .toEqual(['Rappel', 'Suspension']);
    await expect
      .poll(async () => (await mailsTo(employeur.email)).map((m) => m.subject?.split(' ')[0]).sort(), {
        timeout: 15_000,
      })
      .toEqual(['Demande', 'Demande', 'Rappel', 'Suspension']);
    const all = await lab.caught();
    for (const mail of all) expect(mail.subject).not.toMatch(/Diop|Awa|M-1|Hospitalisation/);
    for (const mail of all) expect(mail.text).not.toContain('Hospitalisation');
    const deduction = (await mailsTo(employeur.email)).find(
      (m) => m.subject?.startsWith('Demande') && m.text?.includes('6 000 FCFA'),
    );
    expect(deduction?.text).toContain('Votre salarié Awa Diop (matricule M-1) doit 6 000 FCFA à l’IPM');
    const relay = (await mailsTo(employeur.email)).find((m) => m.subject?.startsWith('Rappel'));
    expect(relay?.text).toContain('dont l’IPM ne connaît pas l’adresse : merci de le lui transmettre');

    // Suspended from today, the member and its dependant alike.
    expect(await rights(memberId, today)).toMatchObject({ covered: false, code: 'participant_suspendu', since: today });
    expect(await rights(dependantId, today)).toMatchObject({ covered: false });
    expect(await rights(memberId, yesterday)).toMatchObject({ covered: true });
    const suspension = await suite.h.prisma.rightsSuspension.findFirstOrThrow({ where: { participantId: memberId } });
    expect(suspension).toMatchObject({ id: `quote-parts:${caseId}`, reason: 'quote_parts_impayees', validTo: null });

    // The test cannot wait days: the suspension is moved back two days, as if it had begun then.
    const twoDaysAgo = ago(2);
    await suite.h.prisma
      .$executeRaw`UPDATE "RightsSuspension" SET "validFrom" = ${twoDaysAgo}::date WHERE "participantId" = ${memberId}`;
    expect(await pay(memberId, 6_000, 'RET-0002')).toMatchObject({ outstanding: 0, ladder: 'soldee' });
    await eventually(
      () => caseOf(caseId),
      (c) => c.state === 'soldee',
    );
    await eventually(
      () => rights(memberId, today),
      (r) => r.covered === true,
    );
    expect(await rights(memberId, yesterday)).toMatchObject({ covered: false, since: twoDaysAgo });
    expect(await rights(dependantId, today)).toMatchObject({ covered: true });
    await expect
      .poll(async () => (await mailsTo(MEMBER_EMAIL)).map((m) => m.subject?.split(' ')[0]).sort(), { timeout: 15_000 })
      .toEqual(['Rappel', 'Sommes', 'Suspension']);

    // Paid before the day its suspension began: the suspension never applied, and is gone.
    expect(await pay(relayedId, 3_000, 'RET-0003', yesterday)).toMatchObject({ ladder: 'soldee' });
    await eventually(
      () => caseOf(relayedCaseId),
      (c) => c.state === 'soldee',
    );
    await eventually(
      () => suite.h.prisma.rightsSuspension.count({ where: { participantId: relayedId } }),
      (n) => n === 0,
    );
    expect(await rights(relayedId, today)).toMatchObject({ covered: true });
    expect(await ladderOf(memberId)).toBeNull();

    // A new unpaid debt, once overdue, opens a new case.
    await record(memberId, 'HOSP-2026-0003', 2_000);
    expect((await dailyRun(today)).opened).toBe(1);
    const again = await ladderOf(memberId);
    expect(again).toMatchObject({ montantDu: 2_000, state: 'echue', level: null });
    expect(again.caseId).not.toBe(caseId);
    const list = await gql(
      people.person.agentA,
      '{ overdueMemberDebts { ... on OverdueMemberDebts { data { participantId overdue ladderCaseId ladderState } } } }',
    );
    expect(list.overdueMemberDebts.data).toEqual([
      { participantId: memberId, overdue: 2_000, ladderCaseId: again.caseId, ladderState: 'echue' },
    ]);
  });

  it('is opened every day by a Temporal Schedule', async () => {
    const scheduleId = `relances-quote-parts-test-${randomUUID()}`;
    await ensureMemberLadderSchedule(suite.h.ctx.temporal, { taskQueue: suite.h.ctx.taskQueue, scheduleId });
    await ensureMemberLadderSchedule(suite.h.ctx.temporal, { taskQueue: suite.h.ctx.taskQueue, scheduleId });
    const handle = suite.h.ctx.temporal.schedule.getHandle(scheduleId);
    try {
      const description = await handle.describe();
      expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'memberLadderWorkflow' });
      expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }] });
    } finally {
      await handle.delete();
    }
  });
});
