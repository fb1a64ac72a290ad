import type { PrismaClient } from '../prisma/client.ts';
import { ALL_RECORD_KINDS, type RecordRows } from '../processes/records.ts';
import { columnsGiven, upsertRowsSql } from '../services/records/record-sql.ts';
import type { TransitionRecord } from '../workflows/types.ts';
import { asActivityFailure } from './database-errors.ts';
import type { ProjectionPool } from './projection-pool.ts';

// The case's projection, its audit entry and the rows of domain records the transition writes, in one
// statement: atomic without BEGIN/COMMIT, one round trip. The foreign keys to the case (the audit
// row's, the records') are checked at the end of the statement, so the first transition (which
// inserts the case row) passes them.
const projectionCte = `
  WITH projection AS (
    INSERT INTO "Case" ("id", "processId", "processVersion", "businessKey", "organisationId", "state", "terminal",
                        "context", "revision", "enteredAt", "dueAt", "startedBy", "parentId", "createdAt", "updatedAt",
                        "fence")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $22)
    ON CONFLICT ("id") DO UPDATE SET
      "processVersion" = EXCLUDED."processVersion",
      "state" = EXCLUDED."state", "terminal" = EXCLUDED."terminal", "context" = EXCLUDED."context",
      "revision" = EXCLUDED."revision", "enteredAt" = EXCLUDED."enteredAt", "dueAt" = EXCLUDED."dueAt",
      "updatedAt" = EXCLUDED."updatedAt", "fence" = EXCLUDED."fence"
    WHERE "Case"."revision" < EXCLUDED."revision"
       OR ("Case"."revision" = EXCLUDED."revision" AND "Case"."fence" < EXCLUDED."fence")
  )`;

const auditInsert = `
  INSERT INTO "AuditEntry" ("caseId", "revision", "at", "actorId", "actorRole", "event", "fromState", "toState",
                            "input", "definitionVersion", "requestId", "fence", "computed")
  VALUES ($1, $9, $15, $16, $17, $18, $19, $6, $20::jsonb, $3, $21, $22, $23::jsonb)
  ON CONFLICT ("caseId", "revision") DO UPDATE SET
    "at" = EXCLUDED."at", "actorId" = EXCLUDED."actorId", "actorRole" = EXCLUDED."actorRole", "event" = EXCLUDED."event",
    "fromState" = EXCLUDED."fromState", "toState" = EXCLUDED."toState", "input" = EXCLUDED."input",
    "definitionVersion" = EXCLUDED."definitionVersion", "requestId" = EXCLUDED."requestId", "fence" = EXCLUDED."fence",
    "computed" = EXCLUDED."computed"
  WHERE "AuditEntry"."fence" < EXCLUDED."fence"`;

const RECORD_TRANSITION = projectionCte + auditInsert;

/**
 * The base statement with the audit entry as a CTE and one more data-modifying CTE per kind of record
 * written, each reading its rows from a parameter. The rows are written when the audit entry is: on
 * the revision's first write (even one arriving after a later revision's), or a later workflow task's
 * fenced rewrite of it; a retried write, whose audit entry is already there, writes none again.
 */
const withRecords = (records: RecordRows[]): string =>
  `${projectionCte},\n  audit AS (${auditInsert}\n  RETURNING 1)` +
  records
    .map(({ kind: name, rows }, i) => {
      const kind = ALL_RECORD_KINDS[name];
      if (!kind) throw new Error(`Enregistrement inconnu « ${name} » : son domaine n’est pas chargé par ce processus.`);
      const params = { caseId: '$1', revision: '$9', at: '$15', rows: `$${24 + i}` };
      return `,\n  records_${i} AS (${upsertRowsSql(kind, params, columnsGiven(kind, rows), 'audit')})`;
    })
    .join('') +
  '\n  SELECT count(*) FROM audit';

/** Where the projection is written: the worker's own `pg` pool, or Prisma's (embedded database, tests). */
export type ProjectionDatabase = PrismaClient | ProjectionPool;

/**
 * Writes one transition: the case's projection, its audit entry and the domain records it writes, in
 * one statement. Idempotent and monotonic: a retried or late write neither duplicates the audit entry
 * (unique case/revision) nor moves the projection back to an older revision. Fenced: a workflow task
 * that wrote a revision and died before Temporal recorded it leaves a row the history lacks; the later
 * task that takes that revision for real has a greater history length (`fence`) and replaces it, and
 * a late write of the dead task (a smaller one) changes nothing. The version is written too: a case moved to another
 * version of its process is read with that one. A write the database refuses for good fails
 * non-retryably (the classification reads a `pg` error's code as well as Prisma's).
 */
export async function recordTransition(db: ProjectionDatabase, r: TransitionRecord): Promise<void> {
  const at = new Date(r.at);
  const values = [
    r.caseId,
    r.processId,
    r.version,
    r.businessKey,
    r.organisationId,
    r.to,
    r.terminal,
    JSON.stringify(r.context),
    r.revision,
    new Date(r.enteredAt),
    r.dueAt === null ? null : new Date(r.dueAt),
    r.openedBy,
    r.parentCaseId,
    new Date(r.openedAt),
    at,
    r.actor.id,
    r.actor.role,
    r.event,
    r.from,
    JSON.stringify(r.input),
    r.requestId ?? null,
    r.fence ?? 0,
    r.computed ? JSON.stringify(r.computed) : null,
  ];
  const records = r.records ?? [];
  for (const { rows } of records) values.push(JSON.stringify(rows));
  const statement = records.length === 0 ? RECORD_TRANSITION : withRecords(records);
  const written = '$executeRawUnsafe' in db ? db.$executeRawUnsafe(statement, ...values) : db.query(statement, values);
  await written.catch((error: unknown) =>
    asActivityFailure(error, `Enregistrement de la révision ${r.revision} du dossier`),
  );
}
