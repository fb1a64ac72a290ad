import { createHash } from 'node:crypto';
import { sendLinkedEvent } from '../../activities/effects/linked-cases.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { memberLevelDates } from '../../processes/quote-parts/ladder.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { CaseServiceContext } from '../context.ts';
import { day } from '../enrolment/sql.ts';
import { txSql } from '../recouvrement/db.ts';
import { startCase } from '../start-case.ts';
import { memberLadderOf } from './member-ladder-store.ts';

// The `relance-quote-parts` cases: one per participant and debt, opened by the daily run when a debt is
// overdue and unpaid, moved by the payments. The debt is what the participant still owes on its debts
// past their due date. The case holds the participant's row id and amounts, nothing else of theirs.

export const MEMBER_LADDER_PROCESS = 'relance-quote-parts';

const todayDakar = () => dakarDay(new Date());

/** The participant's overdue debt: its amount, and its oldest unpaid debt (null when nothing is overdue). */
export async function overdueMemberDebt(
  prisma: PrismaClient,
  participantId: string,
  today = todayDakar(),
): Promise<{ amount: number; oldest: { id: string; dueDate: string } | null }> {
  const { rows } = await txSql(prisma).query<{ id: string; dueDate: string; total: number }>(
    `SELECT "id", ${day('"dueDate"')} AS "dueDate", (sum("amount" - "paid") OVER ())::float8 AS "total"
       FROM "MemberDebt"
      WHERE "participantId" = $1 AND "status" IN ('due', 'partiellement_payee') AND "dueDate" < $2::date
      ORDER BY "dueDate", "incurredOn", "createdAt", "id" LIMIT 1`,
    [participantId, today],
  );
  const first = rows[0];
  return first
    ? { amount: first.total, oldest: { id: first.id, dueDate: first.dueDate } }
    : { amount: 0, oldest: null };
}

/** The participant's open ladder case, if any. */
export async function openMemberLadderCase(
  prisma: PrismaClient,
  participantId: string,
): Promise<{ id: string; montantDu: number; state: string; createdAt: Date } | null> {
  const { rows } = await txSql(prisma).query<{ id: string; montantDu: number; state: string; createdAt: Date }>(
    `SELECT "id", ("context"->>'montantDu')::float8 AS "montantDu", "state", "createdAt" FROM "Case"
      WHERE "processId" = $2 AND NOT "terminal" AND "context"->>'participantId' = $1
      ORDER BY "createdAt" LIMIT 1`,
    [participantId, MEMBER_LADDER_PROCESS],
  );
  return rows[0] ?? null;
}

/** A UUID-shaped key from the participant and its oldest unpaid debt: the same debt opens one case. */
const debtKey = (participantId: string, debtId: string): string => {
  const h = createHash('sha256').update(`quote-parts:${participantId}:${debtId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * Opens a ladder for every participant (of one IPM, or of all) with an overdue unpaid debt on `today`
 * and none open: found in one statement, opened a few at a time. Its levels' instants count from now,
 * the moment the daily run finds the debt overdue. Returns how many cases it opened.
 */
export async function openOverdueMemberLadders(
  cases: CaseServiceContext,
  request: { ipmId?: string; today?: string } = {},
): Promise<number> {
  const { prisma } = cases;
  const today = request.today ?? todayDakar();
  const { rows: debtors } = await txSql(prisma).query<{ participantId: string; ipmId: string }>(
    `SELECT DISTINCT d."participantId", d."ipmId" FROM "MemberDebt" d
      WHERE ($1::text IS NULL OR d."ipmId" = $1) AND d."status" IN ('due', 'partiellement_payee')
        AND d."dueDate" < $2::date
        AND NOT EXISTS (SELECT 1 FROM "Case" k WHERE k."processId" = $3 AND NOT k."terminal"
                          AND k."context"->>'participantId' = d."participantId")
      ORDER BY d."participantId"`,
    [request.ipmId ?? null, today, MEMBER_LADDER_PROCESS],
  );
  if (debtors.length === 0) return 0;
  const now = Date.now();
  const datesOf = new Map<string, Record<string, string>>();
  for (const ipmId of new Set(debtors.map((d) => d.ipmId)))
    datesOf.set(ipmId, memberLevelDates((await memberLadderOf(prisma, ipmId)).levels, now));
  let opened = 0;
  const queue = [...debtors];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const debt = await overdueMemberDebt(prisma, d.participantId, today);
      if (!debt.oldest) continue;
      const result = await startCase(cases, {
        processId: MEMBER_LADDER_PROCESS,
        businessKey: debtKey(d.participantId, debt.oldest.id),
        organisationId: d.ipmId,
        actor: SYSTEM_ACTOR,
        input: {
          participantId: d.participantId,
          echeance: debt.oldest.dueDate,
          montantDu: debt.amount,
          ...datesOf.get(d.ipmId),
        },
      });
      if (result.created) opened++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return opened;
}

/**
 * After money moved (a payment, a debt recorded or cancelled): stops the participant's ladder when its
 * overdue debt is cleared (lifting the suspension from `paidOn`), else brings the amount due up to
 * date. `key` (the payment's or the debt's id) keys the event, so the same change moves the case once.
 */
export async function syncMemberLadder(
  cases: CaseServiceContext,
  request: { participantId: string; key: string; paidOn: string },
): Promise<'soldee' | 'actualisee' | 'inchangee' | 'sans_relance'> {
  const open = await openMemberLadderCase(cases.prisma, request.participantId);
  if (!open) return 'sans_relance';
  const debt = await overdueMemberDebt(cases.prisma, request.participantId);
  const fromCaseId = `quote-parts:${request.key}`;
  if (debt.amount === 0) {
    await sendLinkedEvent(
      cases,
      open.id,
      { event: 'dette.soldee', input: { datePaiement: request.paidOn }, fromCaseId },
      `solde:${request.key}`,
    );
    return 'soldee';
  }
  if (debt.amount === open.montantDu) return 'inchangee';
  await sendLinkedEvent(
    cases,
    open.id,
    { event: 'dette.actualiser', input: { montantDu: debt.amount }, fromCaseId },
    `actualise:${request.key}:${debt.amount}`,
  );
  return 'actualisee';
}
