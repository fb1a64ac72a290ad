import { addMonthsToDay, DAY_MS, dayKey, dayNumber } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { openCampaign, startCallsBatch } from '../recouvrement/issue-calls.ts';
import { openOverdueLadders } from '../recouvrement/ladder-cases.ts';
import { enterPayment } from '../recouvrement/payments.ts';
import { DEMO_ARREARS_EMPLOYER, DEMO_EMPLOYERS } from './demo-employers.ts';
import { demoViewer } from './demo-people.ts';

// The demo's contributions at the IPM Interentreprises de Thiès, by the recouvrement's own services:
// the calls of two back-dated months issued by the calls' batch, the employers that pay paying them
// (bank transfers entered by the IPM's agent, a few days before the due date), and one employer that
// paid nothing. Its reminder ladder is opened with the IPM's ladder counted from its oldest call's due
// date, long past: each level's durable timer is due, so the case goes through every level in order
// — letter, numbered formal notice, ICAMO told — to the suspension of its participants' rights, as it
// would have over the past months. Only that starting instant differs from a live campaign, whose
// timer counts the ladder from the moment it finds the debt; the campaigns are then opened as the
// issuing opens them, and their timers find the ladder already open.

const IPM = 'ipm-thies';

/** The two months called, the older first: four and three months before today. */
export const demoPeriods = (today: string): [string, string] => [
  addMonthsToDay(today, -4).slice(0, 7),
  addMonthsToDay(today, -3).slice(0, 7),
];

/** Due on the 10th of the following month. */
const dueDateOf = (period: string): string => `${addMonthsToDay(`${period}-01`, 1).slice(0, 7)}-10`;

async function waitForBatch(ctx: CaseServiceContext, batchId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const batch = await ctx.prisma.batch.findUnique({
      where: { id: batchId },
      select: { finishedAt: true, state: true },
    });
    if (batch?.finishedAt) {
      if (batch.state !== 'termine') throw new Error(`Le lot d’appels ${batchId} s’est terminé en « ${batch.state} ».`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`Le lot d’appels ${batchId} ne s’est pas terminé à temps.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The months the demo calls: those already called to the employer in arrears (a start in a later month
 * neither calls new ones nor leaves a start interrupted half-way), else the two before today.
 */
async function periodsOf(ctx: CaseServiceContext, today: string): Promise<[string, string]> {
  const called = await ctx.prisma.contributionCall.findMany({
    where: { employerId: DEMO_ARREARS_EMPLOYER },
    select: { period: true },
    orderBy: { period: 'asc' },
    take: 2,
  });
  const first = called[0]?.period;
  return first ? [first, addMonthsToDay(`${first}-01`, 1).slice(0, 7)] : demoPeriods(today);
}

/** Loads the arrears once: false when the last period's campaign is already there. */
export async function loadDemoArrears(ctx: CaseServiceContext, today: string): Promise<boolean> {
  const periods = await periodsOf(ctx, today);
  const done = await ctx.prisma.case.count({
    where: { processId: 'campagne', organisationId: IPM, businessKey: `APPELS-${periods[1]}` },
  });
  if (done > 0) return false;
  const agent = await demoViewer(ctx.prisma, 'agent.ipm-thies');
  const actor = { id: agent.userId, role: 'agent_ipm' as const };
  const batches: string[] = [];
  for (const period of periods) {
    const batch = await startCallsBatch(ctx, { ipmId: IPM, period, dueDate: dueDateOf(period), actor });
    await waitForBatch(ctx, batch.id);
    batches.push(batch.id);
  }
  const payers = DEMO_EMPLOYERS.filter((e) => e.ipmId === IPM && e.id !== DEMO_ARREARS_EMPLOYER);
  const calls = await ctx.prisma.contributionCall.findMany({
    where: { ipmId: IPM, period: { in: periods }, employerId: { in: payers.map((e) => e.id) } },
    select: { employerId: true, period: true, amount: true, dueDate: true },
    orderBy: [{ period: 'asc' }, { employerId: 'asc' }],
  });
  for (const call of calls) {
    const employer = payers.find((e) => e.id === call.employerId);
    const paidOn = dayKey(dayNumber(call.dueDate.toISOString().slice(0, 10)) - 3);
    try {
      await enterPayment(ctx, {
        ipmId: IPM,
        employerId: call.employerId,
        amount: Number(call.amount),
        paidOn,
        reference: `VIR-${call.period}-${employer?.cssIpres ?? call.employerId}`,
        enteredBy: agent.userId,
      });
    } catch (error) {
      // A start interrupted after this payment: it is stored, and allocated.
      if (!(error instanceof SiamoError && error.code === 'conflit')) throw error;
    }
  }
  const oldestDue = dueDateOf(periods[0]);
  // The end of the due day, as the campaign's timer counts it (a date alone is the end of that day).
  await openOverdueLadders(ctx, { ipmId: IPM, today, dueAt: (dayNumber(oldestDue) + 1) * DAY_MS - 1000 });
  for (const [i, period] of periods.entries())
    await openCampaign(ctx, { ipmId: IPM, period, dueDate: dueDateOf(period), actor, batchId: batches[i] as string });
  return true;
}
