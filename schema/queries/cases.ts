import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import type { Case } from '../../generated/prisma/client.ts';
import { canSeeCase } from '../../services/case-access.ts';
import { encodeCursor, type SortKey, totalOrder } from '../../services/case-keyset.ts';
import { inboxScope } from '../../services/inbox-scope.ts';
import { listCases } from '../../services/list-cases.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { InvalidInputError, NotFoundError, toApiError } from '../errors.ts';
import { planned } from '../planned-query.ts';
import { CaseRef } from '../types/case.ts';
import { SortDirectionEnum } from '../types/enums.ts';
import { GATE_ERRORS } from '../types/errors.ts';

export const CaseConnection = builder.connectionObject({ type: CaseRef, name: 'CaseConnection' }, { name: 'CaseEdge' });

const CaseFilter = builder.inputType('CaseFilter', {
  description: 'Every criterion narrows the list; none widens it beyond the cases you may see.',
  fields: (t) => ({
    processId: t.string(),
    state: t.string(),
    organisationId: t.id(),
    assigneeId: t.id(),
    overdue: t.boolean({ description: 'Open cases whose current step is past its due date (false: the others).' }),
    terminal: t.boolean({ description: 'Closed cases (false: open ones).' }),
    text: t.string({ description: 'Part of the business key, whatever the case.' }),
  }),
});

const CaseSortField = builder.enumType('CaseSortField', {
  values: {
    CREATED_AT: { value: 'createdAt' as const },
    UPDATED_AT: { value: 'updatedAt' as const },
    ENTERED_AT: { value: 'enteredAt' as const, description: 'When the case entered its current state.' },
    DUE_AT: { value: 'dueAt' as const, description: 'Due date of the current step; cases without one come last.' },
    BUSINESS_KEY: { value: 'businessKey' as const },
  },
});

const CaseOrder = builder.inputType('CaseOrder', {
  fields: (t) => ({
    field: t.field({ type: CaseSortField, required: true }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'desc' }),
  }),
});

/** Pages of cases under a condition and an order, through keyset cursors. */
function casePage(
  ctx: ApiContext,
  args: { first?: number | null; last?: number | null; before?: string | null; after?: string | null },
  query: Omit<Parameters<typeof listCases>[1], 'limit' | 'after' | 'before' | 'inverted'>,
) {
  const keys = totalOrder(query.order);
  return resolveCursorConnection(
    { args, toCursor: (row: Case) => encodeCursor(keys, row) },
    ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) =>
      listCases(ctx.prisma, { ...planned(query), before, after, limit, inverted }).catch((error) => toApiError(error)),
  );
}

builder.queryField('cases', (t) =>
  t.field({
    type: CaseConnection,
    description: 'The cases you may see, filtered, sorted (most recently changed first by default), page by page.',
    args: {
      ...t.arg.connectionArgs(),
      filter: t.arg({ type: CaseFilter }),
      orderBy: t.arg({ type: CaseOrder }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError] },
    resolve: (_root, args, ctx) => {
      const viewer = authorize(ctx, 'cases');
      const order: SortKey[] = [
        { column: args.orderBy?.field ?? 'updatedAt', direction: args.orderBy?.direction ?? 'desc' },
      ];
      return casePage(ctx, args, { viewer, filter: args.filter ?? {}, order });
    },
  }),
);

builder.queryField('case', (t) =>
  t.prismaField({
    type: CaseRef,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (query, _root, args, ctx) => {
      const viewer = authorize(ctx, 'case');
      const found = await ctx.prisma.case.findUnique({ ...planned(query), where: { id: String(args.id) } });
      // Another organisation's case does not exist, as far as this viewer is concerned.
      if (!found || !canSeeCase(viewer, found)) throw new NotFoundError(`Le dossier « ${args.id} » est introuvable.`);
      return found;
    },
  }),
);

const INBOX_ORDER: SortKey[] = [
  { column: 'dueAt', direction: 'asc' },
  { column: 'enteredAt', direction: 'asc' },
];

builder.queryField('inbox', (t) =>
  t.field({
    type: CaseConnection,
    description:
      'The open cases on which one of your roles can act now, the first due first (then the longest waiting). ' +
      'Each case’s dueAt is its current step’s due date; availableEvents says what you can do.',
    args: { ...t.arg.connectionArgs(), processId: t.arg.string() },
    errors: { types: [...GATE_ERRORS, InvalidInputError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'inbox');
      const scope = await inboxScope(ctx.prisma, viewer);
      return casePage(ctx, args, {
        viewer,
        filter: { processId: args.processId },
        // No state where one may act: a condition no case meets, so that paging still behaves.
        scope: scope ?? { id: { in: [] } },
        order: INBOX_ORDER,
      });
    },
  }),
);
