import type { Case, Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma/client.ts';
import { caseVisibilityWhere } from './case-access.ts';
import { afterCursorWhere, orderByOf, type SortKey, totalOrder } from './case-keyset.ts';
import type { Viewer } from './viewer.ts';

export interface CaseFilter {
  processId?: string | null;
  state?: string | null;
  /** Narrows the list; it never widens it beyond what the viewer may see. */
  organisationId?: string | null;
  assigneeId?: string | null;
  /** Cases still open whose current step is past its due date (or, when false, those that are not). */
  overdue?: boolean | null;
  terminal?: boolean | null;
  /** Part of the business key, whatever the case. */
  text?: string | null;
}

export interface ListCasesOptions {
  viewer: Viewer;
  filter?: CaseFilter;
  /** A further condition (the inbox's), combined with the visibility rule and the filter. */
  scope?: Prisma.CaseWhereInput;
  order: SortKey[];
  after?: string;
  before?: string;
  /** Rows to read; the caller asks for one more than the page to know whether another follows. */
  limit: number;
  /** Reads backwards from `before` (the pages of `last`). */
  inverted?: boolean;
  now?: Date;
}

/** A page of the cases the viewer may see, filtered and in order, from the projection. */
export async function listCases(prisma: PrismaClient, options: ListCasesOptions): Promise<Case[]> {
  const keys = totalOrder(options.order);
  const inverted = options.inverted ?? false;
  const where: Prisma.CaseWhereInput[] = [
    caseVisibilityWhere(options.viewer),
    caseFilterWhere(options.filter ?? {}, options.now ?? new Date()),
  ];
  if (options.scope) where.push(options.scope);
  if (options.after) where.push(afterCursorWhere(keys, options.after, false));
  if (options.before) where.push(afterCursorWhere(keys, options.before, true));
  return prisma.case.findMany({ where: { AND: where }, orderBy: orderByOf(keys, inverted), take: options.limit });
}

export function caseFilterWhere(filter: CaseFilter, now: Date): Prisma.CaseWhereInput {
  const where: Prisma.CaseWhereInput[] = [];
  if (filter.processId) where.push({ processId: filter.processId });
  if (filter.state) where.push({ state: filter.state });
  if (filter.organisationId) where.push({ organisationId: filter.organisationId });
  if (filter.assigneeId) where.push({ assigneeId: filter.assigneeId });
  if (typeof filter.terminal === 'boolean') where.push({ terminal: filter.terminal });
  if (filter.text?.trim()) where.push({ businessKey: { contains: filter.text.trim(), mode: 'insensitive' } });
  if (filter.overdue === true) where.push({ terminal: false, dueAt: { lt: now } });
  // Spelled out rather than NOT(…): in SQL, NOT over a missing due date is unknown, and drops the row.
  if (filter.overdue === false) where.push({ OR: [{ terminal: true }, { dueAt: null }, { dueAt: { gte: now } }] });
  return { AND: where };
}
