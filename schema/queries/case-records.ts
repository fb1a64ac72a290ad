import { canSeeCase } from '../../services/case-access.ts';
import {
  listCaseRecords,
  RECORDS_PAGE_MAX,
  type RecordPage,
  RecordQueryError,
  type RecordRow,
} from '../../services/records/list-records.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// A case's domain records (a participant's dependants, a claim's lines), read from their own table,
// a page at a time: whoever may read the case may read them, and no one else.

const CaseRecordRef = builder.objectRef<RecordRow>('CaseRecord').implement({
  description: 'One row of a case’s domain records: a dependant, a contribution call, a claim line.',
  fields: (t) => ({
    key: t.field({ type: 'JSON', description: 'The values of its key columns, in order.', resolve: (r) => r.key }),
    status: t.exposeString('status', { nullable: true }),
    statusLabel: t.exposeString('statusLabel', { nullable: true, description: 'The status’s French name.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it has its status (a line refused).' }),
    revision: t.exposeInt('revision', { description: 'The case’s revision that last wrote it.' }),
    updatedAt: t.field({ type: 'DateTime', resolve: (r) => r.updatedAt }),
    fields: t.field({ type: 'JSON', description: 'Every column of its kind, by name.', resolve: (r) => r.fields }),
  }),
});

const CaseRecordPageRef = builder.objectRef<RecordPage>('CaseRecordPage').implement({
  fields: (t) => ({
    kind: t.exposeString('kind'),
    kindLabel: t.exposeString('kindLabel'),
    totalCount: t.exposeInt('totalCount', { description: 'With the status filter, not the cursor.' }),
    items: t.field({ type: [CaseRecordRef], resolve: (p) => p.items }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

builder.queryField('caseRecords', (t) =>
  t.field({
    type: CaseRecordPageRef,
    description: `A case’s records of one kind, in the order of their key, at most ${RECORDS_PAGE_MAX} at a time.`,
    args: {
      caseId: t.arg.id({ required: true }),
      kind: t.arg.string({ required: true }),
      status: t.arg.string(),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string(),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'caseRecords');
      const caseId = String(args.caseId);
      const kase = await ctx.prisma.case.findUnique({ where: { id: caseId }, select: { organisationId: true } });
      if (!kase || !canSeeCase(viewer, kase)) throw new NotFoundError(`Le dossier « ${caseId} » est introuvable.`);
      try {
        return await listCaseRecords(ctx.prisma, {
          caseId,
          kind: args.kind,
          first: args.first ?? 50,
          ...(args.status ? { status: args.status } : {}),
          ...(args.after ? { after: args.after } : {}),
        });
      } catch (error) {
        if (error instanceof RecordQueryError) throw new InvalidInputError(error.message);
        throw error;
      }
    },
  }),
);
