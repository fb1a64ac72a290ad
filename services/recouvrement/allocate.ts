import type { SqlClient } from '../enrolment/sql.ts';
import { oldestFirst } from './oldest-first.ts';

// Allocation: an employer's money not yet applied (its payments' remainders) goes to its calls still
// due, oldest period first, each payment oldest first; what is left is its credit. Run in the
// transaction that adds the payment or the call, under a lock on the employer, so two at once queue
// and the second sees the first's allocations. A run with nothing to allocate changes nothing.

export interface AllocationOutcome {
  /** Allocations written by this run. */
  allocated: { paymentId: string; callId: string; amount: number }[];
  /** Still due on its calls (all periods). */
  outstanding: number;
  credit: number;
}

export async function allocateEmployer(db: SqlClient, employerId: string, actor: string): Promise<AllocationOutcome> {
  const lock = await db.query<{ ipmId: string }>('SELECT "ipmId" FROM "Employer" WHERE "id" = $1 FOR UPDATE', [
    employerId,
  ]);
  const ipmId = lock.rows[0]?.ipmId;
  if (!ipmId) throw new Error(`Employeur ${employerId} introuvable.`);
  const [{ rows: money }, { rows: due }] = await Promise.all([
    db.query<{ id: string; remaining: number }>(
      `SELECT p."id", (p."amount" - COALESCE(sum(a."amount"), 0))::float8 AS "remaining"
         FROM "Payment" p LEFT JOIN "Allocation" a ON a."paymentId" = p."id"
        WHERE p."employerId" = $1
        GROUP BY p."id"
       HAVING p."amount" - COALESCE(sum(a."amount"), 0) > 0
        ORDER BY p."paidOn", p."enteredAt", p."id"`,
      [employerId],
    ),
    db.query<{ id: string; due: number }>(
      `SELECT "id", ("amount" - "paid")::float8 AS "due" FROM "ContributionCall"
        WHERE "employerId" = $1 AND "paid" < "amount" ORDER BY "period", "dueDate", "id"`,
      [employerId],
    ),
  ]);
  const allocated: AllocationOutcome['allocated'] = oldestFirst(money, due).map((a) => ({
    paymentId: a.paymentId,
    callId: a.owedId,
    amount: a.amount,
  }));
  if (allocated.length > 0) {
    await db.query(
      `WITH rows AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS r("paymentId", "callId", "amount")),
       ins AS (
         INSERT INTO "Allocation" ("paymentId", "callId", "amount", "allocatedBy")
         SELECT "paymentId", "callId", "amount", $4 FROM rows RETURNING 1),
       totals AS (SELECT "callId", sum("amount") AS "amount" FROM rows GROUP BY "callId")
       UPDATE "ContributionCall" c
          SET "paid" = c."paid" + t."amount",
              "status" = CASE WHEN c."paid" + t."amount" = c."amount" THEN 'paye' ELSE 'partiellement_paye' END,
              "updatedAt" = now()
         FROM totals t WHERE c."id" = t."callId"`,
      [allocated.map((a) => a.paymentId), allocated.map((a) => a.callId), allocated.map((a) => a.amount), actor],
    );
  }
  const credit = money.reduce((sum, m) => sum + m.remaining, 0) - allocated.reduce((sum, a) => sum + a.amount, 0);
  const outstanding = due.reduce((sum, c) => sum + c.due, 0) - allocated.reduce((sum, a) => sum + a.amount, 0);
  await db.query(
    `INSERT INTO "Credit" ("employerId", "ipmId", "amount") VALUES ($1, $2, $3)
     ON CONFLICT ("employerId") DO UPDATE SET "amount" = EXCLUDED."amount", "updatedAt" = now()
     WHERE "Credit"."amount" <> EXCLUDED."amount"`,
    [employerId, ipmId, credit],
  );
  return { allocated, outstanding, credit };
}
