import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { eventually } from './support/licensing.ts';
import type { People, Person } from './support/people.ts';

// The IPM's collection list (ipmCollection): per employer what its calls came to, what is paid, due
// and overdue, its credit, open ladder and suspension, overdue first; the filters; another IPM sees none of it;
// a search too long is refused in French.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let late: string;
let paidUp: string;
let idle: string;

const LIST = `query($o: Boolean, $s: String) { ipmCollection(overdueOnly: $o, search: $s) { __typename
  ... on IpmCollection { lines { employerId name cssIpres headcount latestPeriod totalCalled totalPaid due overdue
    oldestUnpaidPeriod credit ladderCaseId ladderStateLabel suspended }
    totals { employers inArrears totalCalled totalPaid due overdue credit } }
  ... on Error { code message } } }`;

type Line = { employerId: string; [k: string]: unknown };

async function list(p: Person, variables: { o?: boolean; s?: string } = {}) {
  const answer = await api.gql(LIST, variables, { token: p.token });
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data.ipmCollection;
}

async function issue(period: string, dueDate: string) {
  const answer = await api.gql(
    `mutation($p: String!, $d: String!) { issueContributionCalls(period: $p, dueDate: $d) { ... on Batch { id } } }`,
    { p: period, d: dueDate },
    { token: people.person.agentA.token },
  );
  const id = answer.data.issueContributionCalls.id;
  await eventually(
    () => suite.h.prisma.batch.findUniqueOrThrow({ where: { id } }),
    (b) => b.finishedAt !== null,
  );
}

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  const db = prismaSql(suite.h.prisma);
  const ipmId = people.organisations.ipmA;
  const keys = testDataKeys();
  // Two workers at 250 000 FCFA (3 % + 3 %: 30 000 FCFA a period) at the late payer, one at the other.
  late = await insertEmployer(db, ipmId, 'Conserverie de Joal');
  paidUp = await insertEmployer(db, ipmId, 'Boulangerie 100% Kaolack');
  idle = await insertEmployer(db, ipmId, 'Atelier sans appel');
  for (const [employerId, nin] of [
    [late, '1456789012001'],
    [late, '1456789012002'],
    [paidUp, '1456789012003'],
  ] as const) {
    const p = await insertParticipant(db, keys, { ipmId, employerId, nin });
    await insertAffiliation(db, { participantId: p.id, ninIndex: p.ninIndex, ipmId, employerId, from: '2020-01-01' });
  }
  // One period long past due (its ladder opens), one due far ahead.
  await issue('2026-01', '2026-02-10');
  await issue('2098-12', '2099-01-10');
  // The other employer pays both its calls and 1 000 more: credit.
  const paid = await api.gql(
    `mutation($e: ID!) { enterPayment(employerId: $e, amount: 31000, paidOn: "2026-03-01", reference: "CHQ-COLL-1") { __typename } }`,
    { e: paidUp },
    { token: people.person.agentA.token },
  );
  expect(paid.data.enterPayment.__typename).toBe('PaymentOutcome');
});
afterAll(() => suite?.close());

describe('ipmCollection', () => {
  it('gives each employer what it was called, paid and owes, overdue first, with its open ladder', async () => {
    // The campaign's timer opens the late payer's ladder at the (past) due date.
    const collection = await eventually(
      () => list(people.person.gerantA),
      // The paid-up employer's ladder, if the timer opened one before its payment was allocated, closes then.
      (c) =>
        Boolean(c.lines.find((l: Line) => l.employerId === late)?.ladderCaseId) &&
        !c.lines.find((l: Line) => l.employerId === paidUp)?.ladderCaseId,
    );
    const byId = new Map<string, Line>(collection.lines.map((l: Line) => [l.employerId, l]));
    expect(byId.get(late)).toMatchObject({
      name: 'Conserverie de Joal',
      cssIpres: `CSS-${late.slice(0, 8)}`,
      headcount: 2,
      latestPeriod: '2098-12',
      totalCalled: 60_000,
      totalPaid: 0,
      due: 60_000,
      overdue: 30_000,
      oldestUnpaidPeriod: '2026-01',
      credit: 0,
      ladderStateLabel: 'Échue, impayée',
      suspended: false,
    });
    expect(byId.get(paidUp)).toMatchObject({
      headcount: 1,
      totalCalled: 30_000,
      totalPaid: 30_000,
      due: 0,
      overdue: 0,
      oldestUnpaidPeriod: null,
      credit: 1_000,
      ladderCaseId: null,
    });
    expect(byId.get(idle)).toMatchObject({ headcount: null, totalCalled: 0, due: 0, overdue: 0, latestPeriod: null });
    // Overdue first: every employer in arrears comes before every one that is not.
    const arrears = collection.lines.map((l: Line) => (l.overdue as number) > 0);
    expect(arrears).toEqual([...arrears].sort((a, b) => Number(b) - Number(a)));
    expect(collection.lines[0].overdue).toBeGreaterThan(0);
    const sum = (k: string) => collection.lines.reduce((a: number, l: Line) => a + (l[k] as number), 0);
    expect(collection.totals).toEqual({
      employers: collection.lines.length,
      inArrears: arrears.filter(Boolean).length,
      totalCalled: sum('totalCalled'),
      totalPaid: sum('totalPaid'),
      due: sum('due'),
      overdue: sum('overdue'),
      credit: sum('credit'),
    });
  });

  it('filters on the overdue and on a part of the name or CSS/IPRES number', async () => {
    const overdue = await list(people.person.agentA, { o: true });
    const ids = overdue.lines.map((l: Line) => l.employerId);
    expect(ids).toContain(late);
    expect(ids).not.toContain(paidUp);
    expect(ids).not.toContain(idle);
    expect(overdue.lines.every((l: Line) => (l.overdue as number) > 0)).toBe(true);

    expect((await list(people.person.agentA, { s: 'joal' })).lines.map((l: Line) => l.employerId)).toEqual([late]);
    expect(
      (await list(people.person.agentA, { s: `css-${paidUp.slice(0, 8)}` })).lines.map((l: Line) => l.employerId),
    ).toEqual([paidUp]);
    // LIKE's characters are literal: « 100% » is the bakery only, « _ » matches nobody.
    expect((await list(people.person.agentA, { s: '100%' })).lines.map((l: Line) => l.employerId)).toEqual([paidUp]);
    expect((await list(people.person.agentA, { s: '_' })).lines).toEqual([]);
    const none = await list(people.person.agentA, { s: 'aucun employeur de ce nom' });
    expect(none.lines).toEqual([]);
    expect(none.totals).toMatchObject({ employers: 0, due: 0 });
  });

  it('says whose rights are suspended today for unpaid calls, not once lifted nor for another reason', async () => {
    const prisma = suite.h.prisma;
    await prisma.rightsSuspension.createMany({
      data: [
        { id: `susp-${late}`, employerId: late, validFrom: new Date('2026-03-01'), reason: 'cotisations_impayees' },
        {
          id: `susp-${paidUp}`,
          employerId: paidUp,
          validFrom: new Date('2026-02-01'),
          validTo: new Date('2026-03-01'),
          reason: 'cotisations_impayees',
        },
        { id: `susp-${idle}`, employerId: idle, validFrom: new Date('2026-03-01'), reason: 'fraude' },
      ],
    });
    const byId = new Map<string, Line>((await list(people.person.agentA)).lines.map((l: Line) => [l.employerId, l]));
    expect([late, paidUp, idle].map((id) => byId.get(id)?.suspended)).toEqual([true, false, false]);
  });

  it('shows another IPM none of them', async () => {
    const other = await list(people.person.agentB);
    expect(other.__typename).toBe('IpmCollection');
    const ids = other.lines.map((l: Line) => l.employerId);
    for (const id of [late, paidUp, idle]) expect(ids).not.toContain(id);
  });

  it('refuses a search too long, in French', async () => {
    const answer = await list(people.person.agentA, { s: 'x'.repeat(101) });
    expect(answer).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message:
        'Recherche trop longue (101 caractères) : saisissez au plus 100 caractères du nom ou du numéro CSS/IPRES de l’employeur.',
    });
  });
});
