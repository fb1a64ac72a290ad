import type { SqlClient } from '../enrolment/sql.ts';
import { oldestFirst } from '../recouvrement/oldest-first.ts';

// Allocation of a participant's money: its payments' remainders go to its debts still due, oldest
// due date first, each payment oldest first; what is left is its credit. Run in the transaction that
// adds the payment or the debt, under a lock on the participant, so two at once queue and the second
// sees the first's allocations. A run with nothing to allocate changes nothing.

export interface MemberAllocationOutcome {
  /** Allocations written by this run. */
  allocated: { paymentId: string; debtId: string; amount: number }[];
  /** Still due on its debts (due or not yet). */
  outstanding: number;
  credit: number;
}

/** Locks the participant's row: its money and debts move one transaction at a time. */
export async function lockParticipant(db: SqlClient, participantId: string): Promise<string | null> {
  const { rows } = await db.query<{ ipmId: string }>('SELECT "ipmId" FROM "Participant" WHERE "id" = $1 FOR UPDATE', [
    participantId,
  ]);
  return rows[0]?.ipmId ?? null;
}

export async function allocateMember(
  db: SqlClient,
  participantId: string,
  actor: string,
): Promise<MemberAllocationOutcome> {
  const ipmId = await lockParticipant(db, participantId);
  if (!ipmId) throw new Error(`Participant ${participantId} introuvable.`);
  const [{ rows: money }, { rows: due }] = await Promise.all([
    db.query<{ id: string; remaining: number }>(
      `SELECT p."id", (p."amount" - COALESCE(sum(a."amount"), 0))::float8 AS "remaining"
         FROM "MemberPayment" p LEFT JOIN "MemberAllocation" a ON a."paymentId" = p."id"
        WHERE p."participantId" = $1
        GROUP BY p."id"
       HAVING p."amount" - COALESCE(sum(a."amount"), 0) > 0
        ORDER BY p."paidOn", p."enteredAt", p."id"`,
      [participantId],
    ),
    db.query<{ id: string; due: number }>(
      `SELECT "id", ("amount" - "paid")::float8 AS "due" FROM "MemberDebt"
        WHERE "participantId" = $1 AND "status" IN ('due', 'partiellement_payee') AND "paid" < "amount"
        ORDER BY "dueDate", "incurredOn", "createdAt", "id"`,
      [participantId],
    ),
  ]);
  const allocated: MemberAllocationOutcome['allocated'] = oldestFirst(money, due).map((a) => ({
    paymentId: a.paymentId,
    debtId: a.owedId,
    amount: a.amount,
  }));
  if (allocated.length > 0) {
    await db.query(
      `WITH rows AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS r("paymentId", "debtId", "amount")),
       ins AS (
         INSERT INTO "MemberAllocation" ("paymentId", "debtId", "amount", "allocatedBy")
         SELECT "paymentId", "debtId", "amount", $4 FROM rows RETURNING 1),
       totals AS (SELECT "debtId", sum("amount") AS "amount" FROM rows GROUP BY "debtId")
       UPDATE "MemberDebt" d
          SET "paid" = d."paid" + t."amount",
              "status" = CASE WHEN d."paid" + t."amount" = d."amount" THEN 'payee' ELSE 'partiellement_payee' END
         FROM totals t WHERE d."id" = t."debtId"`,
      [allocated.map((a) => a.paymentId), allocated.map((a) => a.debtId), allocated.map((a) => a.amount), actor],
    );
  }
  const credit = money.reduce((sum, m) => sum + m.remaining, 0) - allocated.reduce((sum, a) => sum + a.amount, 0);
  const outstanding = due.reduce((sum, d) => sum + d.due, 0) - allocated.reduce((sum, a) => sum + a.amount, 0);
  await db.query(
    `INSERT INTO "MemberCredit" ("participantId", "ipmId", "amount") VALUES ($1, $2, $3)
     ON CONFLICT ("participantId") DO UPDATE SET "amount" = EXCLUDED."amount", "updatedAt" = now()
     WHERE "MemberCredit"."amount" <> EXCLUDED."amount"`,
    [participantId, ipmId, credit],
  );
  return { allocated, outstanding, credit };
}
