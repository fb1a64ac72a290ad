import type { ProjectionDatabase } from '../../activities/record-transition.ts';
import type { JsonValue } from '../../processes/model.ts';
import { recordKindOf } from './list-records.ts';
import { columnsGiven, quoted, upsertRowsSql } from './record-sql.ts';

// Lines by the thousand — a claim's, an enrolment file's — are written and adjudicated by batch chunks,
// one statement per chunk, never one per line. Both statements are idempotent, so a chunk run again
// after a worker died changes nothing more.

const run = (db: ProjectionDatabase, sql: string, values: unknown[]): Promise<unknown> =>
  '$executeRawUnsafe' in db ? db.$executeRawUnsafe(sql, ...values) : db.query(sql, values);

/**
 * Writes a chunk of a case's lines, as of the case's `revision` (the one that brought them): a chunk
 * written again is left alone, a later revision's rows are never overwritten by an earlier one.
 */
export async function writeLines(
  db: ProjectionDatabase,
  kindName: string,
  caseId: string,
  revision: number,
  rows: Record<string, JsonValue>[],
): Promise<void> {
  if (rows.length === 0) return;
  const kind = recordKindOf(kindName);
  const sql = upsertRowsSql(kind, { caseId: '$1', revision: '$2', at: '$3', rows: '$4' }, columnsGiven(kind, rows));
  await run(db, sql, [caseId, revision, new Date(), JSON.stringify(rows)]);
}

/** Sets the status (and reason) of a chunk of a case's lines, found by their key. */
export async function setLineStatuses(
  db: ProjectionDatabase,
  kindName: string,
  caseId: string,
  updates: { key: JsonValue[]; status: string; reason?: string | null }[],
): Promise<void> {
  const kind = recordKindOf(kindName);
  if (!kind.status) throw new Error(`Les enregistrements « ${kind.label} » n’ont pas de statut.`);
  const unknown = updates.find((u) => !Object.hasOwn(kind.status?.labels ?? {}, u.status));
  if (unknown) throw new Error(`Statut inconnu « ${unknown.status} » pour « ${kind.label} ».`);
  if (updates.length === 0) return;
  const rows = updates.map((u) => ({
    ...Object.fromEntries(kind.key.map((c, i) => [c, u.key[i] ?? null])),
    s: u.status,
    r: u.reason ?? null,
  }));
  const keyTypes = kind.key.map((c) => `${quoted(c)} ${kind.columns[c]?.type}`).join(', ');
  const sql =
    `UPDATE ${quoted(kind.table)} t SET ${quoted(kind.status.column)} = x.s` +
    (kind.reason ? `, ${quoted(kind.reason)} = x.r` : '') +
    `, "updatedAt" = $3 FROM jsonb_to_recordset($2::jsonb) AS x(${keyTypes}, s text, r text) ` +
    `WHERE t."caseId" = $1 AND ${kind.key.map((c) => `t.${quoted(c)} = x.${quoted(c)}`).join(' AND ')}`;
  await run(db, sql, [caseId, JSON.stringify(rows), new Date()]);
}
