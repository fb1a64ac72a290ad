import type { PrismaClient } from '../../prisma/client.ts';
import { ALL_RECORD_KINDS, type RecordKind } from '../../processes/records.ts';
import { quoted } from './record-sql.ts';

// A case's records of one kind, a page at a time, in the order of their key: keyset pagination (the
// cursor is the last row's key), so that page 400 of a claim's lines costs what page 1 costs.

export const RECORDS_PAGE_MAX = 500;

export interface RecordPageQuery {
  caseId: string;
  kind: string;
  /** Only the lines with this status (one of the kind's). */
  status?: string;
  first: number;
  after?: string;
}

export interface RecordRow {
  key: unknown[];
  status: string | null;
  statusLabel: string | null;
  reason: string | null;
  revision: number;
  updatedAt: Date;
  /** Every declared column, by name. */
  fields: Record<string, unknown>;
}

export interface RecordPage {
  kind: string;
  kindLabel: string;
  totalCount: number;
  items: RecordRow[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Why a page cannot be read as asked, in French: the caller's mistake. */
export class RecordQueryError extends Error {}

const encodeCursor = (key: unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string, kind: RecordKind): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === kind.key.length) return key;
  } catch {}
  throw new RecordQueryError('Curseur de pagination invalide : reprenez la liste depuis sa première page.');
}

export function recordKindOf(name: string): RecordKind {
  const kind = ALL_RECORD_KINDS[name];
  if (!kind) {
    const known = Object.keys(ALL_RECORD_KINDS).join(', ') || 'aucun';
    throw new RecordQueryError(`Type d’enregistrement inconnu « ${name} » (connus : ${known}).`);
  }
  return kind;
}

export async function listCaseRecords(prisma: PrismaClient, query: RecordPageQuery): Promise<RecordPage> {
  const kind = recordKindOf(query.kind);
  if (!Number.isInteger(query.first) || query.first < 1 || query.first > RECORDS_PAGE_MAX)
    throw new RecordQueryError(`« first » doit être un entier de 1 à ${RECORDS_PAGE_MAX}.`);
  if (query.status !== undefined) {
    if (!kind.status)
      throw new RecordQueryError(`Les enregistrements « ${kind.label} » n’ont pas de statut : retirez le filtre.`);
    if (!Object.hasOwn(kind.status.labels, query.status))
      throw new RecordQueryError(
        `Statut inconnu « ${query.status} » pour « ${kind.label} » (possibles : ${Object.keys(kind.status.labels).join(', ')}).`,
      );
  }
  const table = quoted(kind.table);
  const keys = kind.key.map(quoted);
  const values: unknown[] = [query.caseId];
  const filters = [`"caseId" = $1`];
  if (query.status !== undefined && kind.status) {
    values.push(query.status);
    filters.push(`${quoted(kind.status.column)} = $${values.length}`);
  }
  const counted = `SELECT count(*)::int AS n FROM ${table} WHERE ${filters.join(' AND ')}`;
  const countValues = [...values];
  if (query.after !== undefined) {
    values.push(JSON.stringify(decodeCursor(query.after, kind)));
    const p = values.length;
    const typed = kind.key.map((c, i) => `($${p}::jsonb->>${i})::${kind.columns[c]?.type}`);
    filters.push(`(${keys.join(', ')}) > (${typed.join(', ')})`);
  }
  values.push(query.first + 1);
  const page = `SELECT to_jsonb(t) AS row FROM ${table} t WHERE ${filters.join(' AND ')} ORDER BY ${keys.join(', ')} LIMIT $${values.length}`;
  const [rows, [count]] = await Promise.all([
    prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(page, ...values),
    prisma.$queryRawUnsafe<{ n: number }[]>(counted, ...countValues),
  ]);
  const items = rows.slice(0, query.first).map(({ row }) => {
    const status = kind.status ? ((row[kind.status.column] as string | null) ?? null) : null;
    return {
      key: kind.key.map((c) => row[c]),
      status,
      statusLabel: status === null ? null : (kind.status?.labels[status] ?? status),
      reason: kind.reason ? ((row[kind.reason] as string | null) ?? null) : null,
      revision: Number(row.revision),
      updatedAt: new Date(String(row.updatedAt)),
      fields: Object.fromEntries(Object.keys(kind.columns).map((c) => [c, row[c] ?? null])),
    };
  });
  const last = items.at(-1);
  return {
    kind: query.kind,
    kindLabel: kind.label,
    totalCount: count?.n ?? 0,
    items,
    endCursor: last ? encodeCursor(last.key) : null,
    hasNextPage: rows.length > query.first,
  };
}
