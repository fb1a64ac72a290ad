import { getVersion } from '../../services/referentials/read.ts';
import { decideVersion, importVersionWithCase } from '../../services/referentials/version-case.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { VersionRef } from './queries.ts';

// The transition of a version (the `referentiel` process): its import by the owner's agent, and the
// owner's manager's decisions. Who of the owner may act is checked by the service, after the rights.

interface ImportView {
  problem: { code: string; message: string; action: string } | null;
  versionId: string | null;
  caseId: string | null;
  batchId: string | null;
}

const FileProblemRef = builder
  .objectRef<{ code: string; message: string; action: string }>('ReferentialFileProblem')
  .implement({
    description: 'Why the file was refused as a whole (nothing was written), and what to do.',
    fields: (t) => ({
      code: t.exposeString('code'),
      message: t.exposeString('message'),
      action: t.exposeString('action'),
    }),
  });

const ImportRef = builder.objectRef<ImportView>('ReferentialImport').implement({
  description:
    'An import: either the file refused as a whole (`problem`: nothing was written), or the version being ' +
    'loaded by its batch (`version` « import_en_cours », `batchId` for its progress), which ends « brouillon » when ' +
    'lines are invalid, otherwise « validee » with its case opened. A small file is answered already loaded.',
  fields: (t) => ({
    problem: t.field({ type: FileProblemRef, nullable: true, resolve: (i) => i.problem }),
    caseId: t.exposeID('caseId', { nullable: true, description: 'The `referentiel` case opened for the version.' }),
    batchId: t.exposeID('batchId', { nullable: true, description: 'The batch loading the version (query `batch`).' }),
    version: t.field({
      type: VersionRef,
      nullable: true,
      resolve: (i, _args, ctx) => (i.versionId ? getVersion(ctx.prisma, i.versionId) : null),
    }),
  }),
});

builder.mutationField('importReferentialVersion', (t) =>
  t.field({
    type: ImportRef,
    description:
      'Imports a new version of a referential you own (GraphQL multipart request: CSV or XLSX, in the layout of its ' +
      'template). The file is read at once (a file refused as a whole writes nothing), then checked line by line ' +
      'and compared by a batch; a version without invalid lines gets its `referentiel` case, awaiting the approval ' +
      'of the owner’s manager.',
    args: {
      referential: t.arg.string({ required: true }),
      title: t.arg.string({ required: true }),
      file: t.arg({ type: 'File', required: true }),
      waitForReport: t.arg.boolean({
        required: false,
        defaultValue: true,
        description:
          'Wait a few seconds at most for the batch, to answer with the report (a small file); false answers at ' +
          'once with the version « import_en_cours » (the portal shows its progress).',
      }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'importReferentialVersion');
      const result = await importVersionWithCase(ctx.services.cases, viewer, {
        referential: args.referential,
        title: args.title,
        file: new Uint8Array(await args.file.arrayBuffer()),
        fileName: args.file.name || `${args.referential}.csv`,
        maxBytes: ctx.services.uploadMaxBytes,
        ...(args.waitForReport === false ? { waitMs: 0 } : {}),
      }).catch((error) => toApiError(error));
      return 'problem' in result
        ? { problem: result.problem, versionId: null, caseId: null, batchId: null }
        : { problem: null, versionId: result.versionId, caseId: result.caseId, batchId: result.batchId };
    },
  }),
);

const DecisionEnum = builder.enumType('ReferentialDecision', {
  values: {
    approuver: { description: 'Approve, with its first day in force (`dateEffet`).' },
    rejeter: { description: 'Reject, with a reason (`motif`).' },
    reporter: { description: 'Move a scheduled version to another first day (`dateEffet`).' },
    annuler: { description: 'Cancel a scheduled version before its day, with a reason (`motif`).' },
  } as const,
});

builder.mutationField('decideReferentialVersion', (t) =>
  t.field({
    type: VersionRef,
    description:
      'The decision of the owner’s manager on a version, sent to its `referentiel` case. A first day in the past, ' +
      'or one that would overlap a version already scheduled, is refused and changes nothing.',
    args: {
      versionId: t.arg.id({ required: true }),
      decision: t.arg({ type: DecisionEnum, required: true }),
      dateEffet: t.arg.string({ description: 'AAAA-MM-JJ, for approuver and reporter.' }),
      motif: t.arg.string({ description: 'For rejeter and annuler.' }),
    },
    errors: {
      types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError, ConflictError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'decideReferentialVersion');
      const versionId = String(args.versionId);
      const decision =
        args.decision === 'approuver' || args.decision === 'reporter'
          ? { action: args.decision, dateEffet: args.dateEffet ?? '' }
          : { action: args.decision, motif: args.motif ?? '' };
      await decideVersion(ctx.services.cases, viewer, versionId, decision).catch((error) =>
        toApiError(error, { event: `version.${args.decision}` }),
      );
      const version = await getVersion(ctx.prisma, versionId);
      if (!version) throw new NotFoundError('Cette version de référentiel n’existe pas.');
      return version;
    },
  }),
);
