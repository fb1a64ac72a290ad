import type { RecordKind } from '../../processes/records.ts';

// The SQL of a kind of record, built from its declaration (whose names `recordKindProblem` has checked
// are plain identifiers): rows arrive as one JSON array parameter and are written by one statement,
// however many there are.

export const quoted = (name: string): string => `"${name}"`;

/** The column list of `jsonb_to_recordset`: each column with its SQL type. */
const recordset = (kind: RecordKind, columns: readonly string[]): string =>
  columns.map((name) => `${quoted(name)} ${kind.columns[name]?.type}`).join(', ');

/** The kind's columns the rows give a value to (a row's key and what a transition changes), in declaration order. */
export const columnsGiven = (kind: RecordKind, rows: readonly Record<string, unknown>[]): string[] =>
  Object.keys(kind.columns).filter((c) => kind.key.includes(c) || rows.some((row) => Object.hasOwn(row, c)));

/**
 * Inserts or updates, by key, the rows of a JSON array for one case. A row already written by a later
 * revision is left alone, and so is one written by the same revision (a retried write): the
 * projection's rule, so that the case and its records move together. Only `columns` are written: a
 * transition that changes a line's status leaves its other columns as they were.
 *
 * With `movedWith`, the name of the statement's CTE that wrote the transition's audit entry (`RETURNING`
 * a row when it did), the rows are written only if it did, and then replace rows of the same revision
 * too: that is either the revision's first write, or a later workflow task's rewrite of a revision
 * whose first write was never recorded in Temporal (fenced by the task's history length).
 */
export function upsertRowsSql(
  kind: RecordKind,
  params: { caseId: string; revision: string; at: string; rows: string },
  columns: readonly string[] = Object.keys(kind.columns),
  movedWith?: string,
): string {
  const all = ['caseId', 'revision', 'updatedAt', ...columns].map(quoted).join(', ');
  const updated = [...columns.filter((c) => !kind.key.includes(c)), 'revision', 'updatedAt']
    .map((c) => `${quoted(c)} = EXCLUDED.${quoted(c)}`)
    .join(', ');
  return (
    `INSERT INTO ${quoted(kind.table)} (${all}) ` +
    `SELECT ${params.caseId}, ${params.revision}, ${params.at}, ${columns.map((c) => `x.${quoted(c)}`).join(', ')} ` +
    `FROM jsonb_to_recordset(${params.rows}::jsonb) AS x(${recordset(kind, columns)}) ` +
    (movedWith ? `WHERE EXISTS (SELECT 1 FROM ${movedWith}) ` : '') +
    `ON CONFLICT (${['caseId', ...kind.key].map(quoted).join(', ')}) DO UPDATE SET ${updated} ` +
    `WHERE ${quoted(kind.table)}."revision" ${movedWith ? '<=' : '<'} EXCLUDED."revision"`
  );
}
