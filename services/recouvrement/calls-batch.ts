import { z } from 'zod';
import { RATE_SCALE } from '../../processes/recouvrement/contributions.ts';
import { defineBatchJobKind } from '../batches/job-kind.ts';
import { allocateEmployer } from './allocate.ts';
import { txSql } from './db.ts';

// Issuing an IPM's contribution calls for a period: one batch, a chunk per slice of its employers (in
// id order), each chunk ONE statement that computes and inserts the slice's calls. The payroll is the
// employer's declaration for the period when it made one, else the salaries of the participants
// affiliated to it on the period's first day. Rates come with the batch (read from the settings when
// it starts), so every call of the batch has the same and records them. A call already issued for the
// employer and period is left alone: running the batch again changes nothing. An employer holding a
// credit has it applied to its new call in the chunk's transaction.

const params = z.object({
  ipmId: z.string().min(1),
  period: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'Période attendue AAAA-MM.'),
  dueDate: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'Échéance attendue AAAA-MM-JJ.'),
  employerRate: z.number().int().min(0).max(RATE_SCALE),
  workerRate: z.number().int().min(0).max(RATE_SCALE),
  issuedBy: z.string().min(1),
  chunkSize: z.number().int().min(1).max(20_000).default(500),
});

export type IssueCallsParams = z.infer<typeof params>;

export const CALLS_BATCH = 'appels_cotisations';

export const callsBatchKind = defineBatchJobKind({
  name: CALLS_BATCH,
  label: 'Émission des appels de cotisations',
  params,
  roles: ['gerant_ipm', 'agent_ipm'],
  // An IPM's calls are its own: another IPM's people do not see the batch.
  organisationOf: (p) => String(p.ipmId),
  window: 2,
  async plan(db, _batchId, p) {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM "Employer" WHERE "ipmId" = $1',
      p.ipmId,
    );
    const total = rows[0]?.n ?? 0;
    return { total, chunkCount: Math.ceil(total / p.chunkSize) };
  },
  async runChunk(tx, batchId, p, chunkIndex) {
    const firstDay = `${p.period}-01`;
    const rows = await tx.$queryRawUnsafe<{ employers: number; issued: number; credited: string[] }[]>(
      `WITH slice AS (
         SELECT "id" FROM "Employer" WHERE "ipmId" = $1 ORDER BY "id" OFFSET $2 LIMIT $3),
       workforce AS (
         SELECT a."employerId", sum(pa."salary")::bigint AS "payroll", count(*)::int AS "headcount"
           FROM "Affiliation" a JOIN "Participant" pa ON pa."id" = a."participantId"
          WHERE a."employerId" IN (SELECT "id" FROM slice)
            AND a."validFrom" <= $4::date AND (a."validTo" IS NULL OR a."validTo" > $4::date)
          GROUP BY a."employerId"),
       base AS (
         SELECT s."id" AS "employerId",
                COALESCE(d."payroll", w."payroll", 0) AS "payroll",
                COALESCE(d."headcount", w."headcount", 0) AS "headcount",
                CASE WHEN d."employerId" IS NULL THEN 'effectif' ELSE 'declaration' END AS "source"
           FROM slice s
           LEFT JOIN "PayrollDeclaration" d ON d."employerId" = s."id" AND d."period" = $5
           LEFT JOIN workforce w ON w."employerId" = s."id"),
       shares AS (
         SELECT *, ("payroll" * $6 + ${RATE_SCALE / 2}) / ${RATE_SCALE} AS "employerShare",
                   ("payroll" * $7 + ${RATE_SCALE / 2}) / ${RATE_SCALE} AS "workerShare"
           FROM base WHERE "payroll" > 0),
       issued AS (
         INSERT INTO "ContributionCall" ("id", "ipmId", "employerId", "period", "headcount", "payrollBase", "payrollSource",
                "employerRate", "workerRate", "employerShare", "workerShare", "amount", "dueDate", "batchId", "issuedBy")
         SELECT gen_random_uuid()::text, $1, "employerId", $5, "headcount", "payroll", "source", $6, $7,
                "employerShare", "workerShare", "employerShare" + "workerShare", $8::date, $9, $10
           FROM shares
         ON CONFLICT ("employerId", "period") DO NOTHING
         RETURNING "employerId")
       SELECT (SELECT count(*) FROM slice)::int AS "employers",
              (SELECT count(*) FROM issued)::int AS "issued",
              ARRAY(SELECT c."employerId" FROM "Credit" c JOIN issued i ON i."employerId" = c."employerId"
                     WHERE c."amount" > 0) AS "credited"`,
      p.ipmId,
      chunkIndex * p.chunkSize,
      p.chunkSize,
      firstDay,
      p.period,
      p.employerRate,
      p.workerRate,
      p.dueDate,
      batchId,
      p.issuedBy,
    );
    const outcome = rows[0] ?? { employers: 0, issued: 0, credited: [] };
    const db = txSql(tx);
    for (const employerId of outcome.credited) await allocateEmployer(db, employerId, p.issuedBy);
    return { processed: outcome.employers, failed: 0 };
  },
});
