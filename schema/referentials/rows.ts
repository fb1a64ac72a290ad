import { MAX_ROWS_PAGE, type RowsPage, type RowView, versionRows } from '../../services/referentials/rows.ts';
import { readableVersion } from '../../services/referentials/series.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// A version's rows, filtered and a page at a time: read by every role that reads the referentials (the
// permissions table), under the organisation rule of the version's page (services/referentials/series.ts).

const RowRef = builder.objectRef<RowView>('ReferentialRow').implement({
  description: 'A row of a version: its code and its fields, as imported.',
  fields: (t) => ({
    code: t.exposeString('code'),
    fields: t.field({
      type: 'JSON',
      description: 'Its fields by name (see ReferentialRows.columns).',
      resolve: (r) => r.fields,
    }),
    line: t.exposeInt('line', { nullable: true, description: 'The line of the imported file it came from.' }),
  }),
});

const ColumnRef = builder.objectRef<RowsPage['columns'][number]>('ReferentialColumn').implement({
  description: 'A field of a referential’s rows, in the file’s order.',
  fields: (t) => ({
    name: t.exposeString('name'),
    label: t.exposeString('label'),
    type: t.exposeString('type'),
  }),
});

const RowsPageRef = builder.objectRef<RowsPage>('ReferentialRows').implement({
  description: 'A page of a version’s rows in the order of their codes, with its cursors.',
  fields: (t) => ({
    rows: t.field({ type: [RowRef], resolve: (p) => p.rows }),
    columns: t.field({ type: [ColumnRef], resolve: (p) => p.columns }),
    startCursor: t.exposeString('startCursor', {
      nullable: true,
      description: 'The first row’s code: pass it as `before` for the previous page.',
    }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'The last row’s code: pass it as `after` for the next page.',
    }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

builder.queryField('referentialRows', (t) =>
  t.field({
    type: RowsPageRef,
    description: `A version’s rows in the order of their codes, at most ${MAX_ROWS_PAGE} at a time (more is read as ${MAX_ROWS_PAGE}).`,
    args: {
      versionId: t.arg.id({ required: true }),
      code: t.arg.string({ description: 'Codes starting with this (letter case ignored).' }),
      text: t.arg.string({ description: 'Rows one of whose fields contains this (letter case ignored).' }),
      first: t.arg.int({ description: `Rows per page, 1 to ${MAX_ROWS_PAGE} (default 50).` }),
      after: t.arg.string({ description: 'The page after this code (a page’s `endCursor`).' }),
      before: t.arg.string({ description: 'The page before this code (a page’s `startCursor`).' }),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'referentialRows');
      // The organisation rule of a version's page: an IPM's own referential is read by it, ICAMO and the ministry.
      const readable = await readableVersion(ctx.prisma, String(args.versionId), viewer).catch((e) => toApiError(e));
      if (!readable) throw new NotFoundError('Cette version de référentiel n’existe pas.');
      const page = await versionRows(ctx.prisma, String(args.versionId), {
        code: args.code,
        text: args.text,
        first: args.first ?? 50,
        after: args.after,
        before: args.before,
      });
      if (!page) throw new NotFoundError('Cette version de référentiel n’existe pas.');
      return page;
    },
  }),
);
