import type { JsonValue } from './model.ts';

// A case's domain records — a participant and its dependants, an employer's contribution calls, a
// claim's lines — live in tables of their own, one row per case and key, not in the case's JSON data:
// thousands of lines stay searchable and paginated, and each has its own status and reason. A domain
// declares its kinds of record (the table its migration creates, the columns); a transition writes
// rows of them from its input, and the engine writes those rows in the same statement as the
// transition's projection, so that the case and its records never disagree. Batches write and update
// lines set-based through the same kinds (`services/records/`). Pure: bundled into workflow code.

/** The SQL types a record's column may have. */
export type ColumnType = 'text' | 'integer' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'jsonb';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'text',
  'integer',
  'numeric',
  'boolean',
  'date',
  'timestamptz',
  'jsonb',
];

export interface RecordColumn {
  type: ColumnType;
  /** The French name screens and the API's documentation give it. */
  label: string;
}

/**
 * A kind of record and its table. Besides `columns`, the table has the engine's columns `"caseId"`
 * (text, a foreign key to the case), `"revision"` (integer: the case's revision that last wrote the
 * row, so that a retried or late write never goes back) and `"updatedAt"` (timestamptz), and its
 * primary key is `("caseId", …key)`. The domain's migration creates it.
 */
export interface RecordKind {
  /** French, plural: « Ayants droit », « Lignes de la demande ». */
  label: string;
  table: string;
  /** The columns that tell the case's rows apart; the rows are listed in their order. */
  key: readonly string[];
  columns: Readonly<Record<string, RecordColumn>>;
  /** The column that holds a line's status, with each status's French name: the API filters on it. */
  status?: { column: string; labels: Readonly<Record<string, string>> };
  /** The column that says why a line has its status (a line refused, and the reason). */
  reason?: string;
}

/**
 * In a transition: rows of a kind of record it writes (or updates, by key) from what it receives. A
 * column's value is read from the list item (with `each`), else the event's input, else the case's
 * data after the transition.
 */
export interface RecordWrite {
  kind: string;
  /** An input field of type `liste`: one row per item. Unset: one row. */
  each?: string;
  /** Column → the field its value is read from. */
  columns: Readonly<Record<string, string>>;
  /** Column → a fixed value (a status). */
  values?: Readonly<Record<string, JsonValue>>;
}

/** The rows one transition writes of one kind: what travels to the projection. */
export interface RecordRows {
  kind: string;
  rows: Record<string, JsonValue>[];
}

/** Columns every record table has, that a kind may not declare. */
export const ENGINE_COLUMNS = ['caseId', 'revision', 'updatedAt'] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Every kind of record of every registered domain, by name. */
export const ALL_RECORD_KINDS: Record<string, RecordKind> = {};

/** What is wrong with a kind's declaration (its names end up in SQL), or undefined. */
export function recordKindProblem(name: string, kind: RecordKind): string | undefined {
  const where = `l’enregistrement « ${name} »`;
  if (!IDENTIFIER.test(name)) return `${where} : nom invalide (lettres, chiffres, _)`;
  if (!IDENTIFIER.test(kind.table)) return `${where} : nom de table invalide « ${kind.table} »`;
  const columns = Object.keys(kind.columns);
  for (const column of columns) {
    if (!IDENTIFIER.test(column)) return `${where} : nom de colonne invalide « ${column} »`;
    if ((ENGINE_COLUMNS as readonly string[]).includes(column))
      return `${where} : la colonne « ${column} » est tenue par le moteur`;
    if (!COLUMN_TYPES.includes(kind.columns[column]?.type as ColumnType))
      return `${where} : type inconnu pour la colonne « ${column} »`;
  }
  if (kind.key.length === 0) return `${where} : clé vide`;
  for (const column of [
    ...kind.key,
    ...(kind.status ? [kind.status.column] : []),
    ...(kind.reason ? [kind.reason] : []),
  ])
    if (!columns.includes(column)) return `${where} : colonne inconnue « ${column} »`;
  return undefined;
}

/** The problems of a transition's record writes against the kinds and the fields it may read. */
export function recordWriteProblems(
  write: RecordWrite,
  fieldNames: ReadonlySet<string>,
  itemFields?: ReadonlySet<string>,
): string[] {
  const kind = ALL_RECORD_KINDS[write.kind];
  if (!kind) return [`enregistrement inconnu « ${write.kind} »`];
  const problems: string[] = [];
  const given = [...Object.keys(write.columns), ...Object.keys(write.values ?? {})];
  for (const column of given)
    if (!Object.hasOwn(kind.columns, column)) problems.push(`« ${write.kind} » n’a pas de colonne « ${column} »`);
  for (const column of kind.key)
    if (!given.includes(column)) problems.push(`« ${write.kind} » : la colonne de clé « ${column} » n’est pas remplie`);
  for (const [column, field] of Object.entries(write.columns))
    if (!fieldNames.has(field) && !itemFields?.has(field))
      problems.push(`« ${write.kind} ».${column} : champ inconnu « ${field} »`);
  return problems;
}

type Source = Readonly<Record<string, unknown>>;

const asJson = (value: unknown): JsonValue => (value === undefined ? null : (value as JsonValue));

/**
 * The rows a transition's writes give, from its input and the case's data after it; or, when two
 * rows of a kind share a key (an input listing the same dependant twice), the French reason.
 */
export function rowsOf(
  writes: readonly RecordWrite[],
  input: Source,
  context: Source,
): { ok: true; records: RecordRows[] } | { ok: false; message: string } {
  const byKind = new Map<string, Record<string, JsonValue>[]>();
  for (const write of writes) {
    const items: Source[] = write.each
      ? ((Array.isArray(input[write.each]) ? input[write.each] : []) as Source[])
      : [{}];
    const rows = byKind.get(write.kind) ?? [];
    for (const item of items) {
      const row: Record<string, JsonValue> = {};
      for (const [column, field] of Object.entries(write.columns))
        row[column] = asJson(
          Object.hasOwn(item, field) ? item[field] : Object.hasOwn(input, field) ? input[field] : context[field],
        );
      Object.assign(row, write.values ?? {});
      rows.push(row);
    }
    byKind.set(write.kind, rows);
  }
  for (const [name, rows] of byKind) {
    const kind = ALL_RECORD_KINDS[name] as RecordKind;
    const seen = new Set<string>();
    for (const row of rows) {
      const key = kind.key.map((column) => row[column]);
      if (key.some((value) => value === null || value === ''))
        return {
          ok: false,
          message: `Une ligne « ${kind.label} » n’a pas de ${kind.key.map((c) => kind.columns[c]?.label ?? c).join(', ')} : complétez-la.`,
        };
      const id = JSON.stringify(key);
      if (seen.has(id))
        return {
          ok: false,
          message: `Deux lignes « ${kind.label} » portent ${kind.key.length > 1 ? 'les mêmes' : 'le même'} ${kind.key.map((c) => kind.columns[c]?.label ?? c).join(', ')} (${key.join(', ')}) : retirez le doublon.`,
        };
      seen.add(id);
    }
  }
  return { ok: true, records: [...byKind].map(([kind, rows]) => ({ kind, rows })) };
}
