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
    'An import: either the file refused as a whole (`problem`), or the version written with its report ' +
    '(`version`; « brouillon » when lines are invalid, otherwise « validee » with its case opened).',
  fields: (t) => ({
    problem: t.field({ type: FileProblemRef, nullable: true, resolve: (i) => i.problem }),
    caseId: t.exposeID('caseId', { nullable: true, description: 'The `referentiel` case opened for the version.' }),
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
      'template). The report is computed line by line; a version without invalid lines gets its `referentiel` case, ' +
      'awaiting the approval of the owner’s manager.',
    args: {
      referential: t.arg.string({ required: true }),
      title: t.arg.string({ required: true }),
      file: t.arg({ type: 'File', required: true }),
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
      }).catch((error) => toApiError(error));
      return 'problem' in result
        ? { problem: result.problem, versionId: null, caseId: null }
        : { problem: null, versionId: result.versionId, caseId: result.caseId ?? null };
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
