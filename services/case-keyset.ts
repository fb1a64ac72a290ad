import type { Case, Prisma } from '../generated/prisma/client.ts';
import { SiamoError } from './errors.ts';

// Keyset ("cursor") pagination over the case projection: a page starts strictly after the last row of
// the previous one, in the list's order, so that cases moving in the meantime neither repeat nor get
// skipped as an offset would. Every order ends with the case id, which makes it total. As in
// PostgreSQL, a missing value (no due date) sorts after every present one.

const COLUMNS = {
  createdAt: 'date',
  updatedAt: 'date',
  enteredAt: 'date',
  dueAt: 'optionalDate',
  businessKey: 'text',
  id: 'text',
} as const;

export type CaseColumn = keyof typeof COLUMNS;
export type Direction = 'asc' | 'desc';
export interface SortKey {
  column: CaseColumn;
  direction: Direction;
}

type Value = Date | string | null;

/** The order with its tie-breaker: the case id, in the direction of the first key. */
export function totalOrder(keys: SortKey[]): SortKey[] {
  return [...keys.filter((k) => k.column !== 'id'), { column: 'id', direction: keys[0]?.direction ?? 'asc' }];
}

export function orderByOf(keys: SortKey[], inverted: boolean): Prisma.CaseOrderByWithRelationInput[] {
  return keys.map(({ column, direction }) => {
    const sort = inverted ? flip(direction) : direction;
    return COLUMNS[column] === 'optionalDate'
      ? { [column]: { sort, nulls: sort === 'asc' ? 'last' : 'first' } }
      : { [column]: sort };
  });
}

/** Rows strictly after the cursor's row in this order (in the inverted order: strictly before). */
export function afterCursorWhere(keys: SortKey[], cursor: string, inverted: boolean): Prisma.CaseWhereInput {
  const values = decodeCursor(keys, cursor);
  const alternatives: Prisma.CaseWhereInput[] = keys.map((key, i) => ({
    AND: [
      ...keys.slice(0, i).map((previous, j) => equalTo(previous.column, values[j] ?? null)),
      beyond(key.column, inverted ? flip(key.direction) : key.direction, values[i] ?? null),
    ],
  }));
  return { OR: alternatives };
}

export function encodeCursor(keys: SortKey[], row: Case): string {
  const values = keys.map(({ column }) => {
    const value = row[column];
    return value instanceof Date ? value.toISOString() : value;
  });
  return Buffer.from(JSON.stringify([signature(keys), ...values])).toString('base64url');
}

function decodeCursor(keys: SortKey[], cursor: string): Value[] {
  const invalid = () =>
    new SiamoError('saisie_invalide', 'Le curseur de pagination est invalide pour cet ordre : reprenez au début.', {
      cursor: 'Curseur invalide.',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== signature(keys) || parsed.length !== keys.length + 1) throw invalid();
  return keys.map(({ column }, i) => {
    const raw: unknown = parsed[i + 1];
    if (raw === null && COLUMNS[column] === 'optionalDate') return null;
    if (typeof raw !== 'string') throw invalid();
    if (COLUMNS[column] === 'text') return raw;
    const date = new Date(raw);
    if (Number.isNaN(date.getTime())) throw invalid();
    return date;
  });
}

/** A cursor only means something in the order it was made for. */
const signature = (keys: SortKey[]) => keys.map((k) => `${k.column}:${k.direction}`).join(',');

const flip = (direction: Direction): Direction => (direction === 'asc' ? 'desc' : 'asc');

function equalTo(column: CaseColumn, value: Value): Prisma.CaseWhereInput {
  return { [column]: value };
}

/** Strictly past `value` in `direction`, a missing value counting as greater than any other. */
function beyond(column: CaseColumn, direction: Direction, value: Value): Prisma.CaseWhereInput {
  if (direction === 'asc') {
    if (value === null) return { id: { in: [] } };
    return COLUMNS[column] === 'optionalDate'
      ? { OR: [{ [column]: { gt: value } }, { [column]: null }] }
      : { [column]: { gt: value } };
  }
  if (value === null) return { [column]: { not: null } };
  return { [column]: { lt: value } };
}
