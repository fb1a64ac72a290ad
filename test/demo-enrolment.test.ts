import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonthsToDay, dakarDay, dayKey, dayNumber } from '../processes/calendar.ts';
import { viewerOf } from '../services/auth/viewer-of.ts';
import { DEMO_ARREARS_EMPLOYER, DEMO_EMPLOYERS } from '../services/demo/demo-employers.ts';
import { type DemoEnrolmentOutcome, loadDemoEnrolment } from '../services/demo/demo-enrolment.ts';
import { loadDemoLicences } from '../services/demo/demo-licences.ts';
import { demoWorkforce } from '../services/demo/demo-workforce.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { dataQualityReport } from '../services/enrolment/data-quality.ts';
import { roleForEmployer } from '../services/enrolment/employer-access.ts';
import { rightsAt } from '../services/enrolment/rights-at.ts';
import { loadDemoData } from '../services/people/load-demo-data.ts';
import { myBalance } from '../services/quote-parts/member-balance.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { testDataKeys } from './support/enrolment.ts';
import { createHarness, type Harness, NO_MAIL } from './support/harness.ts';

// The demo's enrolment and collection on a database of its own, real PostgreSQL and Temporal, as a
// first `npm start` loads them after the demo accounts and licences: a few hundred made-up
// participants per demo IPM, the duplicate across the two IPMs in its `doublon` case, the employer in
// arrears whose ladder reached the suspension of its participants' rights, the other employers' calls
// paid; then a second start that adds nothing.

let database: TestDatabase;
let h: Harness;
let dataDir: string;
let first: DemoEnrolmentOutcome;
let firstSeconds: number;
const keys = testDataKeys();
const today = dakarDay(new Date());

const COUNTED = [
  'Employer',
  'Participant',
  'Dependant',
  'Affiliation',
  'DuplicateConflict',
  'ContributionCall',
  'Payment',
  'Allocation',
  'RightsSuspension',
  'Batch',
  'Case',
  'User',
];

async function counts(): Promise<Record<string, number>> {
  const rows = await h.prisma.$queryRawUnsafe<{ t: string; n: number }[]>(
    COUNTED.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'siamo-demo-enrolment-'));
  h = await createHarness({ databaseUrl: database.url, dependencies: { mail: NO_MAIL, dataDir } });
  await loadDemoData(h.prisma);
  // The licences first, as at start-up: Thiès's latest is then an IPM interentreprises, with several employers.
  await loadDemoLicences(h.ctx);
  const started = performance.now();
  first = await loadDemoEnrolment(h.ctx, { keys, log: () => undefined });
  firstSeconds = (performance.now() - started) / 1000;
  console.info(`Démonstration adhésion et recouvrement chargée en ${firstSeconds.toFixed(1)} s.`);
}, 180_000);

afterAll(async () => {
  await h?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const db = () => prismaSql(h.prisma);

describe('the demo enrolment', () => {
  it('gives each demo IPM at least 200 participants, each affiliated, with dependants', async () => {
    const rows = await h.prisma.$queryRawUnsafe<{ ipmId: string; p: number; a: number; d: number }[]>(
      `SELECT p."ipmId", count(DISTINCT p."id")::int AS p, count(DISTINCT a."id")::int AS a, count(DISTINCT d."id")::int AS d
         FROM "Participant" p
         LEFT JOIN "Affiliation" a ON a."participantId" = p."id" AND a."validTo" IS NULL
         LEFT JOIN "Dependant" d ON d."participantId" = p."id"
        GROUP BY p."ipmId" ORDER BY p."ipmId"`,
    );
    expect(rows.map((r) => r.ipmId)).toEqual(['ipm-industries-dakar', 'ipm-thies']);
    for (const row of rows) {
      expect(row.p, row.ipmId).toBeGreaterThanOrEqual(200);
      expect(row.a, row.ipmId).toBe(row.p);
      expect(row.d, row.ipmId).toBeGreaterThan(row.p / 2);
    }
    expect(first.participantsImported).toBe(rows.reduce((n, r) => n + r.p, 0));
    expect(first.employersAdded).toBe(DEMO_EMPLOYERS.length);
  });

  it('made coherent data: the IPMs’ data-quality reports find nothing but the duplicate', async () => {
    for (const ipm of ['ipm-industries-dakar', 'ipm-thies']) {
      const findings = await dataQualityReport(db(), ipm, today);
      const found = Object.fromEntries(findings.map((f) => [f.check, f.count]));
      expect(found, ipm).toEqual({
        ...Object.fromEntries(findings.map((f) => [f.check, 0])),
        doublon_en_attente: found.doublon_en_attente,
      });
    }
  });

  it('stores no NIN in clear: the participants hold the encrypted NIN and its blind index only', async () => {
    const nins = DEMO_EMPLOYERS.flatMap((e) => demoWorkforce(e.workforce, today).workers.map((w) => w.identifier));
    expect(nins.length).toBeGreaterThanOrEqual(400);
    const rows = await h.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Participant" p JOIN unnest($1::text[]) AS x(nin)
          ON p."ninIndex" LIKE '%' || x.nin || '%' OR position(convert_to(x.nin, 'UTF8') in p."ninChiffre") > 0`,
      nins,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('opens the doublon case of the NIN affiliated at both IPMs, which each IPM finds', async () => {
    expect(first.duplicateOpened).toBe(true);
    const conflicts = await h.prisma.$queryRawUnsafe<
      { firstIpmId: string; secondIpmId: string; status: string; caseId: string | null }[]
    >(`SELECT "firstIpmId", "secondIpmId", "status", "caseId" FROM "DuplicateConflict"`);
    expect(conflicts).toHaveLength(1);
    const conflict = conflicts[0] as (typeof conflicts)[number];
    expect(conflict).toMatchObject({ firstIpmId: 'ipm-industries-dakar', secondIpmId: 'ipm-thies', status: 'ouvert' });
    const kase = await h.prisma.case.findUniqueOrThrow({ where: { id: conflict.caseId as string } });
    expect(kase).toMatchObject({ processId: 'doublon', organisationId: 'ipm-thies', state: 'arbitrage' });
    // The first IPM does not see the case: its data-quality report names the conflict.
    const dakar = await dataQualityReport(db(), 'ipm-industries-dakar', today);
    expect(dakar.find((f) => f.check === 'doublon_en_attente')?.count).toBe(1);
  });

  it('takes the employer in arrears through its ladder to the suspension of its members’ rights', async () => {
    expect(first.arrearsLoaded).toBe(true);
    const member = await h.prisma.participant.findFirstOrThrow({
      where: { employerId: DEMO_ARREARS_EMPLOYER },
      include: { dependants: true },
    });
    const ladder = await h.prisma.case.findFirstOrThrow({ where: { processId: 'recouvrement' } });
    await expect
      .poll(async () => (await h.prisma.case.findUniqueOrThrow({ where: { id: ladder.id } })).state, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('suspendue');
    const answer = await rightsAt(db(), member.id, today);
    expect(answer).toMatchObject({ covered: false, code: 'employeur_suspendu', since: today });
    const dependant = member.dependants[0];
    if (dependant) expect((await rightsAt(db(), dependant.id, today)).code).toBe('employeur_suspendu');
    // The suspension runs from the day the level was reached: covered the day before.
    expect((await rightsAt(db(), member.id, dayKey(dayNumber(today) - 1))).covered).toBe(true);
    // Its ladder is the only one: the others' calls are paid, and their members covered.
    expect(await h.prisma.case.count({ where: { processId: 'recouvrement' } })).toBe(1);
    const calls = await h.prisma.contributionCall.findMany({ where: { ipmId: 'ipm-thies' } });
    expect(calls.length).toBe(2 * DEMO_EMPLOYERS.filter((e) => e.ipmId === 'ipm-thies').length);
    for (const call of calls)
      expect(call.status, call.employerId).toBe(call.employerId === DEMO_ARREARS_EMPLOYER ? 'emis' : 'paye');
    const payer = await h.prisma.participant.findFirstOrThrow({ where: { employerId: 'emp-huilerie-cayor' } });
    expect((await rightsAt(db(), payer.id, today)).covered).toBe(true);
    // The campaigns of both months are there, as the issuing opens them.
    expect(await h.prisma.case.count({ where: { processId: 'campagne', organisationId: 'ipm-thies' } })).toBe(2);
  });

  it('gives each demo employer an account of its own that acts for it', async () => {
    for (const employer of DEMO_EMPLOYERS) {
      const user = await h.prisma.user.findUniqueOrThrow({
        where: { email: `${employer.login}@demo.siamo.sn` },
        include: { organisation: true },
      });
      const row = await h.prisma.employer.findUniqueOrThrow({ where: { id: employer.id } });
      expect(row.status).toBe('active');
      expect(roleForEmployer(viewerOf(user), row, ['employeur']), employer.id).toBe('employeur');
    }
  });

  it('binds the demo member to a worker at Thiès, whose space shows its quote-parts and reimbursements', async () => {
    expect(first.memberLoaded).toBe(true);
    const user = await h.prisma.user.findUniqueOrThrow({ where: { email: 'assure@demo.siamo.sn' } });
    const balance = await myBalance(h.prisma, user.id);
    expect({
      debts: balance.debts.map((d) => [d.label, d.remaining, d.dueDate < today]),
      totalDue: balance.totalDue,
      reimbursements: balance.reimbursements.map((r) => [r.reference, r.amount, r.status]),
      totalReimbursementsDue: balance.totalReimbursementsDue,
    }).toEqual({
      debts: [
        ['Quote-part de pharmacie', 12_500, true],
        ['Quote-part de consultation spécialisée', 6_000, false],
      ],
      totalDue: 18_500,
      reimbursements: expect.arrayContaining([
        ['DEMO-RB-0001', 24_000, 'du'],
        ['DEMO-RB-0002', 40_000, 'paye'],
      ]),
      totalReimbursementsDue: 24_000,
    });
    const account = await h.prisma.memberAccount.findUniqueOrThrow({
      where: { userId: user.id },
      include: { participant: true },
    });
    expect({ ipm: account.ipmId, employer: account.participant.employerId }).toEqual({
      ipm: 'ipm-thies',
      employer: 'emp-huilerie-cayor',
    });
  });

  it('changes nothing at a second start, and says so, even in a later month', async () => {
    // Wait for the ladder's last effects, so that the counts compare settled states.
    await expect.poll(async () => h.prisma.rightsSuspension.count(), { timeout: 60_000, interval: 250 }).toBe(1);
    const before = await counts();
    const again = await loadDemoEnrolment(h.ctx, { keys, log: () => undefined });
    expect(again).toEqual({
      employersAdded: 0,
      participantsImported: 0,
      dependantsImported: 0,
      duplicateOpened: false,
      arrearsLoaded: false,
      memberLoaded: false,
    });
    expect(await counts()).toEqual(before);
    // Nor at a start next month, whose days the demo's back-dated months count from.
    const nextMonth = await loadDemoEnrolment(h.ctx, { keys, log: () => undefined, today: addMonthsToDay(today, 1) });
    expect(nextMonth).toEqual(again);
    expect(await counts()).toEqual(before);
  });
});
