import type { PrismaClient } from '../prisma/client.ts';
import type { TransitionRecord } from '../workflows/types.ts';
import { asActivityFailure } from './database-errors.ts';
import type { ProjectionPool } from './projection-pool.ts';

// The case's projection and its audit entry, in one statement: atomic without BEGIN/COMMIT, one round
// trip. The audit row's foreign key to the case is checked at the end of the statement, so the first
// transition (which inserts the case row) passes it.
const RECORD_TRANSITION = `
  WITH projection AS (
    INSERT INTO "Case" ("id", "processId", "processVersion", "businessKey", "organisationId", "state", "terminal",
                        "context", "revision", "enteredAt", "dueAt", "startedBy", "parentId", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15)
    ON CONFLICT ("id") DO UPDATE SET
      "processVersion" = EXCLUDED."processVersion",
      "state" = EXCLUDED."state", "terminal" = EXCLUDED."terminal", "context" = EXCLUDED."context",
      "revision" = EXCLUDED."revision", "enteredAt" = EXCLUDED."enteredAt", "dueAt" = EXCLUDED."dueAt",
      "updatedAt" = EXCLUDED."updatedAt"
    WHERE "Case"."revision" < EXCLUDED."revision"
  )
  INSERT INTO "AuditEntry" ("caseId", "revision", "at", "actorId", "actorRole", "event", "fromState", "toState",
                            "input", "definitionVersion", "requestId", "computed")
  VALUES ($1, $9, $15, $16, $17, $18, $19, $6, $20::jsonb, $3, $21, $22::jsonb)
  ON CONFLICT ("caseId", "revision") DO NOTHING`;

/** Where the projection is written: the worker's own `pg` pool, or Prisma's (embedded database, tests). */
export type ProjectionDatabase = PrismaClient | ProjectionPool;

/**
 * Writes one transition: the case's projection and its audit entry, in one statement. Idempotent and
 * monotonic: a retried or late write neither duplicates the audit entry (unique case/revision) nor
 * moves the projection back to an older revision. The version is written too: a case moved to another
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
    r.computed ? JSON.stringify(r.computed) : null,
  ];
  const written =
    '$executeRawUnsafe' in db
      ? db.$executeRawUnsafe(RECORD_TRANSITION, ...values)
      : db.query(RECORD_TRANSITION, values);
  await written.catch((error: unknown) =>
    asActivityFailure(error, `Enregistrement de la révision ${r.revision} du dossier`),
  );
}
