import { cancelBatch, getBatch, listBatches, mayRunBatchKind, startBatch } from '../../services/batches/batches.ts';
import { BATCH_JOB_KINDS } from '../../services/batches/kinds.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotFoundError, toApiError } from '../errors.ts';
import { BatchRef } from '../types/batch.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// Batches: the first gate is the permissions table; behind it, a batch is seen and cancelled only
// by the administrator and the roles its kind names.

builder.queryField('batch', (t) =>
  t.field({
    type: BatchRef,
    description: 'A batch with its live progress (done, failed, remaining, rate).',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (_root, { id }, ctx) => {
      const viewer = authorize(ctx, 'batch');
      const view = await getBatch(ctx.services.cases, String(id));
      // A batch of a kind the viewer may not run is answered as absent: its existence is not theirs.
      if (!view || !mayRunBatchKind(viewer.roles, view.kind))
        throw new NotFoundError(`Le lot « ${id} » est introuvable.`);
      return view;
    },
  }),
);

builder.queryField('batches', (t) =>
  t.field({
    type: [BatchRef],
    description: 'The latest batches of the kinds you may run, newest first (figures as recorded; at most 200).',
    args: { first: t.arg.int() },
    errors: { types: GATE_ERRORS },
    resolve: async (_root, { first }, ctx) => {
      const viewer = authorize(ctx, 'batches');
      const kinds = BATCH_JOB_KINDS.filter((kind) => mayRunBatchKind(viewer.roles, kind.name)).map((k) => k.name);
      const rows = await listBatches(ctx.services.cases, { kinds, first: first ?? 50 });
      return rows.map((row) => ({
        ...row,
        params: {},
        chunkCount: 0,
        chunksDone: 0,
        chunksFailed: 0,
        inFlight: 0,
        ratePerSecond: 0,
        cancelRequested: row.state === 'annule',
      }));
    },
  }),
);

builder.mutationField('cancelBatch', (t) =>
  t.field({
    type: BatchRef,
    description: 'Stops scheduling the batch’s chunks; those in flight finish, and the batch ends as cancelled.',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (_root, { id }, ctx) => {
      const viewer = authorize(ctx, 'cancelBatch');
      const view = await getBatch(ctx.services.cases, String(id));
      if (!view || !mayRunBatchKind(viewer.roles, view.kind))
        throw new NotFoundError(`Le lot « ${id} » est introuvable.`);
      return cancelBatch(ctx.services.cases, view.id).catch((error) => toApiError(error));
    },
  }),
);

builder.mutationField('startBatch', (t) =>
  t.field({
    type: BatchRef,
    description:
      'Starts a synthetic batch of trivial records (administrators): it proves and measures the batch runner.',
    args: {
      records: t.arg.int({ required: true, description: 'From 1 to 10 000 000.' }),
      chunkSize: t.arg.int({ description: 'Records per chunk (default 2 000).' }),
      pauseMs: t.arg.int({ description: 'Milliseconds each chunk waits, to watch it move (default 0).' }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'startBatch');
      const params: Record<string, number> = { records: args.records };
      if (args.chunkSize != null) params.chunkSize = args.chunkSize;
      if (args.pauseMs != null) params.pauseMs = args.pauseMs;
      return startBatch(ctx.services.cases, { kind: 'synthetique', params, startedBy: viewer.userId }).catch((error) =>
        toApiError(error),
      );
    },
  }),
);
