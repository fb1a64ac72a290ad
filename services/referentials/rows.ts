import type { PrismaClient } from '../../prisma/client.ts';
import type { ReferentialField } from '../../processes/referentials/fields.ts';

// A version's rows, a page at a time, in the order of their codes: keyset pages (the code is the
// cursor, the primary key ("versionId", code) the index), so that the 400th page of the medicines
// reads as fast as the first. Filters: the start of the code, and a text found in any field's value.

export const MAX_ROWS_PAGE = 100;

export interface RowsFilter {
  /** Codes starting with this (letter case ignored). */
  code?: string | null;
  /** Rows one of whose fields' values contains this (letter case ignored). */
  text?: string | null;
}

export interface RowsRequest extends RowsFilter {
  /** At most MAX_ROWS_PAGE; more is read as MAX_ROWS_PAGE. */
  first: number;
  /** The page after this code... */
  after?: string | null;
  /** ...or the page before this one. */
  before?: string | null;
}

export interface RowView {
  code: string;
  fields: Record<string, unknown>;
  line: number | null;
}

export interface RowsPage {
  rows: RowView[];
  /** The referential's fields, in the file's order, for the table's columns. */
  columns: readonly ReferentialField[];
  startCursor: string | null;
  endCursor: string | null;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

/** `%` and `_` typed by a person are letters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterSql(filter: RowsFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const code = filter.code?.trim();
  if (code) {
    params.push(`${literal(code)}%`);
    clauses.push(`code ILIKE $${params.length}`);
  }
  const text = filter.text?.trim();
  if (text) {
    params.push(`%${literal(text)}%`);
    clauses.push(`EXISTS (SELECT 1 FROM jsonb_each_text(fields) f WHERE f.value ILIKE $${params.length})`);
  }
  return clauses.map((c) => ` AND ${c}`).join('');
}

/** Whether a row matching the filter lies on `side` of `code` (itself included). */
async function anyRow(
  prisma: PrismaClient,
  versionId: string,
  filter: RowsFilter,
  side: '<=' | '>=',
  code: string,
): Promise<boolean> {
  const params: unknown[] = [versionId];
  const where = filterSql(filter, params);
  params.push(code);
  const rows = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM "ReferentialRow" WHERE "versionId" = $1${where} AND code ${side} $${params.length} LIMIT 1`,
    ...params,
  );
  return rows.length > 0;
}

/** Null when the version does not exist. */
export async function versionRows(
  prisma: PrismaClient,
  versionId: string,
  request: RowsRequest,
): Promise<RowsPage | null> {
  const version = await prisma.referentialVersion.findUnique({
    where: { id: versionId },
    select: { referential: { select: { fields: true } } },
  });
  if (!version) return null;
  const size = Math.min(Math.max(Math.trunc(request.first) || 1, 1), MAX_ROWS_PAGE);
  const backwards = !request.after && !!request.before;
  const params: unknown[] = [versionId];
  let where = filterSql(request, params);
  const cursor = backwards ? request.before : request.after;
  if (cursor) {
    params.push(cursor);
    where += ` AND code ${backwards ? '<' : '>'} $${params.length}`;
  }
  params.push(size + 1);
  const found = await prisma.$queryRawUnsafe<RowView[]>(
    `SELECT code, fields, line FROM "ReferentialRow" WHERE "versionId" = $1${where}
     ORDER BY code ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
    ...params,
  );
  const more = found.length > size;
  const rows = found.slice(0, size);
  if (backwards) rows.reverse();
  const startCursor = rows[0]?.code ?? null;
  const endCursor = rows.at(-1)?.code ?? null;
  // The other side: whether anything matching lies beyond the cursor we came from.
  const beyond = cursor ? await anyRow(prisma, versionId, request, backwards ? '>=' : '<=', cursor) : false;
  return {
    rows,
    columns: version.referential.fields as unknown as ReferentialField[],
    startCursor,
    endCursor,
    hasPreviousPage: backwards ? more : beyond,
    hasNextPage: backwards ? beyond : more,
  };
}
