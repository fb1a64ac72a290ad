import { referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { asOf } from '../../services/referentials/as-of.ts';
import { type Publisher, publishers } from '../../services/referentials/publishers.ts';
import {
  diffVersions,
  listReferentials,
  reportLines,
  seriesVersions,
  type VersionView,
  versionView,
} from '../../services/referentials/read.ts';
import { readableVersion, seriesToRead } from '../../services/referentials/series.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// Reference data: every signed-in role reads it (the permissions table); none of it is personal. The
// referentials each IPM or provider keeps for itself are read in the series the organisation rule
// allows (services/referentials/series.ts): its own; any for ICAMO and the ministry; never another's.

interface ReportLineView {
  position: number;
  kind: string;
  code: string;
  line: number | null;
  changes: unknown;
  reason: string | null;
}

const ReportLineRef = builder.objectRef<ReportLineView>('ReferentialReportLine').implement({
  description: 'A line of a version’s validation report.',
  fields: (t) => ({
    position: t.exposeInt('position', {
      description: 'Its place in the report; pass the last one as `after` for the next page.',
    }),
    kind: t.exposeString('kind', { description: 'ajout, retrait, modification or invalide.' }),
    code: t.exposeString('code'),
    line: t.exposeInt('line', { nullable: true, description: 'The file’s line, for rows from the file.' }),
    changes: t.field({
      type: 'JSON',
      nullable: true,
      description: 'For a change: { field: { avant, apres } }.',
      resolve: (l) => l.changes ?? null,
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'For an invalid line: why, in French.' }),
  }),
});

const PublisherRef = builder.objectRef<Publisher>('ReferentialPublisher').implement({
  description:
    'Who published a version: the organisation, and the manager who approved it (none for shipped versions).',
  fields: (t) => ({
    organisation: t.exposeString('organisation'),
    approverName: t.exposeString('approverName', { nullable: true }),
    approverRole: t.exposeString('approverRole', { nullable: true, description: 'In French.' }),
    approvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.approvedAt }),
  }),
});

export const VersionRef = builder.objectRef<VersionView>('ReferentialVersion').implement({
  description: 'A version of a referential, from its import to its replacement (archived, never deleted).',
  fields: (t) => ({
    id: t.exposeID('id'),
    referential: t.exposeString('referentialCode'),
    ownerOrganisationId: t.exposeID('ownerOrganisationId', {
      description: 'Whose series it belongs to: the national owner, or the IPM / provider that keeps it.',
    }),
    number: t.exposeInt('number', { description: 'Its place in its owner’s series.' }),
    title: t.exposeString('title', { description: 'Sample versions say « exemple » in it.' }),
    status: t.exposeString('status', {
      description:
        'import_en_cours (its batch is loading it), import_interrompu, brouillon, validee, approuvee, programmee, en_vigueur, remplacee, rejetee or annulee.',
    }),
    statusLabel: t.exposeString('statusLabel'),
    validFrom: t.exposeString('validFrom', { nullable: true, description: 'First day in force (AAAA-MM-JJ).' }),
    validTo: t.exposeString('validTo', { nullable: true, description: 'First day no longer in force, if known.' }),
    importedAt: t.field({ type: 'DateTime', resolve: (v) => v.importedAt }),
    rowCount: t.exposeInt('rowCount'),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    caseId: t.exposeID('caseId', {
      nullable: true,
      description: 'Its `referentiel` case (approval, scheduling, coming into force), once the import opened it.',
    }),
    importBatchId: t.exposeID('importBatchId', {
      nullable: true,
      description: 'The batch that loads its rows (query `batch` for its progress while « import_en_cours »).',
    }),
    publishedBy: t.field({
      type: PublisherRef,
      nullable: true,
      description: 'Who approved it for publication (null until approved).',
      resolve: async (v, _args, ctx) =>
        v.publisher !== undefined ? v.publisher : ((await publishers(ctx.prisma, [v])).get(v.id) ?? null),
    }),
    comparedWithId: t.exposeID('comparedWithId', {
      nullable: true,
      description: 'The version its report compares with.',
    }),
    report: t.field({
      type: 'JSON',
      description:
        'The report’s figures: lignes, valides, invalides, ajouts, retraits, modifications, inchanges, encoding, separator.',
      resolve: (v) => v.report,
    }),
    reportLines: t.field({
      type: [ReportLineRef],
      description: 'The report’s lines in order, at most 500 at a time.',
      args: { kind: t.arg.string(), after: t.arg.int(), first: t.arg.int() },
      resolve: (v, args, ctx) =>
        reportLines(ctx.prisma, v.id, { kind: args.kind, after: args.after, first: args.first ?? 100 }),
    }),
  }),
});

interface ReferentialView {
  code: string;
  title: string;
  ownerLabel: string;
  ownerOrganisationId: string | null;
  ownedBy: string | null;
  codeFormat: string;
  current: VersionView | undefined;
  scheduled: VersionView | undefined;
  series: Parameters<typeof versionView>[0][];
}

const ReferentialRef = builder.objectRef<ReferentialView>('Referential').implement({
  description:
    'A referential, its owner, and its versions in force and scheduled — for one kept by each IPM or provider ' +
    '(`ownedBy`), those of your own organisation’s series.',
  fields: (t) => ({
    code: t.exposeString('code'),
    title: t.exposeString('title'),
    owner: t.exposeString('ownerLabel', { description: 'The authority that owns it (autorité de tutelle).' }),
    ownerOrganisationId: t.exposeID('ownerOrganisationId', {
      nullable: true,
      description: 'The owner of a national referential; null when each IPM or provider keeps its own.',
    }),
    ownedBy: t.exposeString('ownedBy', {
      nullable: true,
      description: 'ipm or prestataire: each organisation of that kind keeps its own series of versions.',
    }),
    codeFormat: t.exposeString('codeFormat', { description: 'The regular expression its codes match.' }),
    current: t.field({ type: VersionRef, nullable: true, resolve: (r) => r.current ?? null }),
    scheduled: t.field({
      type: VersionRef,
      nullable: true,
      resolve: (r) => r.scheduled ?? null,
    }),
    series: t.field({
      type: [VersionRef],
      description:
        'For a referential each IPM or provider keeps: the version in force of each series you may read — yours; ' +
        'every organisation’s for ICAMO and the ministry (their owner in `ownerOrganisationId`). Empty for a national one.',
      resolve: (r) => r.series.map(versionView),
    }),
  }),
});

interface AsOfView {
  code: string;
  fields: unknown;
  version: VersionView | null;
}

const AsOfRef = builder.objectRef<AsOfView>('ReferentialAsOf').implement({
  description: 'A code read as of a day, with the version it comes from.',
  fields: (t) => ({
    code: t.exposeString('code'),
    found: t.boolean({ resolve: (a) => a.fields !== null }),
    fields: t.field({ type: 'JSON', nullable: true, resolve: (a) => a.fields }),
    version: t.field({ type: VersionRef, nullable: true, resolve: (a) => a.version }),
  }),
});

builder.queryField('referentials', (t) =>
  t.field({
    type: [ReferentialRef],
    description: 'Every referential, with its owner and its current and scheduled versions.',
    errors: { types: GATE_ERRORS },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'referentials');
      return listReferentials(ctx.prisma, viewer);
    },
  }),
);

builder.queryField('referentialVersion', (t) =>
  t.field({
    type: VersionRef,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError], directResult: true },
    resolve: async (_root, { id }, ctx) => {
      const viewer = authorize(ctx, 'referentialVersion');
      const version = await readableVersion(ctx.prisma, String(id), viewer).catch((e) => toApiError(e));
      if (!version) throw new NotFoundError('Cette version de référentiel n’existe pas.');
      return versionView(version);
    },
  }),
);

const MAX_CODES = 1000;

builder.queryField('referentialAsOf', (t) =>
  t.field({
    type: [AsOfRef],
    description: `Codes of a referential as of a day — the date of care, not of processing (at most ${MAX_CODES} codes).`,
    args: {
      referential: t.arg.string({ required: true }),
      codes: t.arg.stringList({ required: true }),
      date: t.arg.string({ required: true, description: 'AAAA-MM-JJ.' }),
      owner: t.arg.id({
        description:
          'For a referential each IPM or provider keeps: whose series (default: your organisation’s; ICAMO and the ministry name one).',
      }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotFoundError, NotAllowedError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'referentialAsOf');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(args.date) || Number.isNaN(Date.parse(args.date))) {
        throw new InvalidInputError(`« ${args.date} » n’est pas une date : écrivez-la AAAA-MM-JJ.`);
      }
      if (args.codes.length === 0 || args.codes.length > MAX_CODES) {
        throw new InvalidInputError(`Donnez de 1 à ${MAX_CODES} codes par lecture.`);
      }
      const definition = referentialDefinition(args.referential);
      if (!definition || !(await ctx.prisma.referential.findUnique({ where: { code: args.referential } }))) {
        throw new NotFoundError(`Le référentiel « ${args.referential} » n’existe pas.`);
      }
      const owner = definition.ownedBy
        ? (() => {
            try {
              return seriesToRead(definition, viewer, args.owner ? String(args.owner) : null);
            } catch (error) {
              return toApiError(error);
            }
          })()
        : undefined;
      const answers = await asOf(ctx.prisma, args.referential, args.codes, args.date, owner);
      const ids = [...new Set(answers.flatMap((a) => (a.version ? [a.version.id] : [])))];
      const versions = await ctx.prisma.referentialVersion.findMany({ where: { id: { in: ids } } });
      const byId = new Map(versions.map((v) => [v.id, versionView(v)]));
      return answers.map((a) => ({
        code: a.code,
        fields: a.fields,
        version: a.version ? (byId.get(a.version.id) ?? null) : null,
      }));
    },
  }),
);

builder.queryField('referentialDiff', (t) =>
  t.field({
    type: [ReportLineRef],
    description:
      'The rows added, removed and changed (field by field) from version `from` to version `to` of one referential, ' +
      'a page at a time (at most 500 lines from `offset`).',
    args: {
      from: t.arg.id({ required: true }),
      to: t.arg.id({ required: true }),
      first: t.arg.int(),
      offset: t.arg.int(),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'referentialDiff');
      for (const id of [args.from, args.to])
        await readableVersion(ctx.prisma, String(id), viewer).catch((error) => toApiError(error));
      const lines = await diffVersions(ctx.prisma, {
        from: String(args.from),
        to: String(args.to),
        first: args.first ?? 100,
        offset: args.offset ?? 0,
      });
      if (!lines) throw new NotFoundError('Ces deux versions n’existent pas, ou ne sont pas du même référentiel.');
      return lines;
    },
  }),
);

builder.queryField('referentialVersions', (t) =>
  t.field({
    type: [VersionRef],
    description:
      'The versions of one series of a referential, newest first (at most 200): the national one, or for a ' +
      'referential each IPM or provider keeps, your organisation’s — ICAMO and the ministry name whose (`owner`).',
    args: { referential: t.arg.string({ required: true }), owner: t.arg.id() },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotFoundError, NotAllowedError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'referentialVersions');
      const definition = referentialDefinition(args.referential);
      if (!definition) throw new NotFoundError(`Le référentiel « ${args.referential} » n’existe pas.`);
      try {
        const owner = seriesToRead(definition, viewer, args.owner ? String(args.owner) : null);
        return await seriesVersions(ctx.prisma, definition.code, owner);
      } catch (error) {
        return toApiError(error);
      }
    },
  }),
);
