import { createHash } from 'node:crypto';
import { sendLinkedEvent } from '../../activities/effects/linked-cases.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { levelDates } from '../../processes/recouvrement/ladder.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { CaseServiceContext } from '../context.ts';
import { day } from '../enrolment/sql.ts';
import { startCase } from '../start-case.ts';
import { txSql } from './db.ts';
import { ladderOf } from './ladder-store.ts';

// The `recouvrement` cases: one per employer and debt, opened when a call is overdue and unpaid, moved
// by the payments. The debt is what the employer still owes on its calls past their due date.

const todayDakar = () => new Date().toISOString().slice(0, 10);

/** The employer's overdue debt: its amount, and its oldest unpaid call (null when it owes nothing due). */
export async function overdueDebt(
  prisma: PrismaClient,
  employerId: string,
  today = todayDakar(),
): Promise<{ amount: number; oldest: { id: string; period: string; dueDate: string } | null }> {
  const { rows } = await txSql(prisma).query<{ id: string; period: string; dueDate: string; total: number }>(
    `SELECT "id", "period", ${day('"dueDate"')} AS "dueDate",
            (sum("amount" - "paid") OVER ())::float8 AS "total"
       FROM "ContributionCall"
      WHERE "employerId" = $1 AND "paid" < "amount" AND "dueDate" < $2::date
      ORDER BY "period", "dueDate", "id" LIMIT 1`,
    [employerId, today],
  );
  const first = rows[0];
  return first
    ? { amount: first.total, oldest: { id: first.id, period: first.period, dueDate: first.dueDate } }
    : { amount: 0, oldest: null };
}

/** The employer's open ladder case, if any. */
export async function openLadderCase(
  prisma: PrismaClient,
  employerId: string,
): Promise<{ id: string; montantDu: number } | null> {
  const { rows } = await txSql(prisma).query<{ id: string; montantDu: number }>(
    `SELECT "id", ("context"->>'montantDu')::float8 AS "montantDu" FROM "Case"
      WHERE "processId" = 'recouvrement' AND NOT "terminal" AND "context"->>'employeurId' = $1
      ORDER BY "createdAt" LIMIT 1`,
    [employerId],
  );
  return rows[0] ?? null;
}

/** A UUID-shaped key from the employer and its oldest unpaid call: the same debt opens one case. */
const debtKey = (employerId: string, callId: string): string => {
  const h = createHash('sha256').update(`${employerId}:${callId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * Opens a ladder for every employer of the IPM with an overdue unpaid call and none open. Its levels'
 * instants count from now, the moment the debt is found overdue (the campaign's timer at the due date),
 * or from `dueAt` when given: the demo data's back-dated calls keep their ladder's days from their due
 * date, so that the levels already past fire at once, in order, on their durable timers.
 */
export async function openOverdueLadders(
  cases: CaseServiceContext,
  request: { ipmId: string; parentCaseId?: string; today?: string; dueAt?: number },
): Promise<number> {
  const { prisma } = cases;
  const today = request.today ?? todayDakar();
  const { rows: debtors } = await txSql(prisma).query<{ employerId: string; name: string }>(
    `SELECT DISTINCT c."employerId", e."name" FROM "ContributionCall" c JOIN "Employer" e ON e."id" = c."employerId"
      WHERE c."ipmId" = $1 AND c."paid" < c."amount" AND c."dueDate" < $2::date
        AND NOT EXISTS (SELECT 1 FROM "Case" k WHERE k."processId" = 'recouvrement' AND NOT k."terminal"
                          AND k."context"->>'employeurId' = c."employerId")
      ORDER BY c."employerId"`,
    [request.ipmId, today],
  );
  if (debtors.length === 0) return 0;
  const { levels } = await ladderOf(prisma, request.ipmId);
  const dates = levelDates(levels, request.dueAt ?? Date.now());
  let opened = 0;
  const queue = [...debtors];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const debt = await overdueDebt(prisma, d.employerId, today);
      if (!debt.oldest) continue;
      const result = await startCase(cases, {
        processId: 'recouvrement',
        businessKey: debtKey(d.employerId, debt.oldest.id),
        organisationId: request.ipmId,
        actor: SYSTEM_ACTOR,
        input: {
          employeurId: d.employerId,
          employeur: d.name,
          periode: debt.oldest.period,
          echeance: debt.oldest.dueDate,
          montantDu: debt.amount,
          ...dates,
        },
        ...(request.parentCaseId ? { parentCaseId: request.parentCaseId } : {}),
      });
      if (result.created) opened++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return opened;
}

/**
 * After a payment is allocated: stops the employer's ladder when its overdue debt is cleared (and lifts
 * the suspension from the payment's date), else brings the amount due up to date. `paymentId` keys
 * the event, so the same payment moves the case once.
 */
export async function syncLadder(
  cases: CaseServiceContext,
  request: { employerId: string; paymentId: string; paidOn: string },
): Promise<'soldee' | 'actualisee' | 'inchangee' | 'sans_relance'> {
  const open = await openLadderCase(cases.prisma, request.employerId);
  if (!open) return 'sans_relance';
  const debt = await overdueDebt(cases.prisma, request.employerId);
  const fromCaseId = `paiement:${request.paymentId}`;
  if (debt.amount === 0) {
    await sendLinkedEvent(
      cases,
      open.id,
      { event: 'dette.soldee', input: { datePaiement: request.paidOn }, fromCaseId },
      `solde:${request.paymentId}`,
    );
    return 'soldee';
  }
  if (debt.amount === open.montantDu) return 'inchangee';
  await sendLinkedEvent(
    cases,
    open.id,
    { event: 'dette.actualiser', input: { montantDu: debt.amount }, fromCaseId },
    `actualise:${request.paymentId}`,
  );
  return 'actualisee';
}
