import type { PrismaClient } from '../../prisma/client.ts';
import { VERSION_STATUSES, type VersionStatus } from '../../processes/referentials/statuses.ts';
import { DIFF_ORDER, DIFF_ROWS } from './diff-sql.ts';
import { type Publisher, publishers } from './publishers.ts';
import { type Reader, readsEverySeries } from './series.ts';

// What the API and the portal read: the referentials with their owner and their current and scheduled
// versions, a version with its report's figures, and its report's lines page by page. For a referential
// each IPM or provider keeps for itself, the versions shown are the reader's own series.

export interface VersionView {
  id: string;
  referentialCode: string;
  /** Whose series: the national owner, or the IPM / provider keeping it. */
  ownerOrganisationId: string;
  number: number;
  title: string;
  status: string;
  statusLabel: string;
  validFrom: string | null;
  validTo: string | null;
  importedAt: Date;
  rowCount: number;
  rejectionReason: string | null;
  comparedWithId: string | null;
  report: Record<string, unknown>;
  /** Its `referentiel` case, once opened. */
  caseId: string | null;
  /** The batch loading its rows (its progress while « import en cours »). */
  importBatchId: string | null;
  /** The user who approved it (`systeme` for shipped versions), and when. */
  approvedBy: string | null;
  approvedAt: Date | null;
  /** Who published it, when already read with others (see publishers.ts). */
  publisher?: Publisher | null;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

type VersionRecord = Awaited<ReturnType<PrismaClient['referentialVersion']['findFirstOrThrow']>>;

export const versionView = (v: VersionRecord): VersionView => ({
  id: v.id,
  referentialCode: v.referentialCode,
  ownerOrganisationId: v.ownerOrganisationId,
  number: v.number,
  title: v.title,
  status: v.status,
  statusLabel: VERSION_STATUSES[v.status as VersionStatus] ?? v.status,
  validFrom: day(v.validFrom),
  validTo: day(v.validTo),
  importedAt: v.importedAt,
  rowCount: v.rowCount,
  rejectionReason: v.rejectionReason,
  comparedWithId: v.comparedWithId,
  report: (v.report ?? {}) as Record<string, unknown>,
  caseId: v.caseId,
  importBatchId: v.importBatchId,
  approvedBy: v.approvedBy,
  approvedAt: v.approvedAt,
});

export async function listReferentials(prisma: PrismaClient, reader: Reader) {
  const [referentials, versions, series] = await Promise.all([
    prisma.referential.findMany({ orderBy: { code: 'asc' } }),
    prisma.referentialVersion.findMany({
      where: {
        status: { in: ['en_vigueur', 'programmee'] },
        // National ones, and the reader's own series of the others.
        OR: [{ referential: { ownedBy: null } }, { ownerOrganisationId: reader.organisationId }],
      },
      orderBy: { number: 'asc' },
    }),
    // The version in force of every series the reader may read of the referentials IPMs and providers keep.
    prisma.referentialVersion.findMany({
      where: {
        status: 'en_vigueur',
        referential: { ownedBy: { not: null } },
        ...(readsEverySeries(reader) ? {} : { ownerOrganisationId: reader.organisationId }),
      },
      orderBy: { ownerOrganisationId: 'asc' },
    }),
  ]);
  const published = await publishers(prisma, versions);
  const view = (v: VersionRecord | undefined) =>
    v ? { ...versionView(v), publisher: published.get(v.id) ?? null } : undefined;
  return referentials.map((r) => ({
    code: r.code,
    title: r.title,
    ownerLabel: r.ownerLabel,
    ownerOrganisationId: r.ownerOrganisationId,
    ownedBy: r.ownedBy,
    codeFormat: r.codeFormat,
    current: view(versions.find((v) => v.referentialCode === r.code && v.status === 'en_vigueur')),
    scheduled: view(versions.find((v) => v.referentialCode === r.code && v.status === 'programmee')),
    series: series.filter((v) => v.referentialCode === r.code),
  }));
}

/** A referential's versions in one owner's series, newest first (`seriesToRead` chose the owner). */
export async function seriesVersions(prisma: PrismaClient, referential: string, owner: string) {
  const versions = await prisma.referentialVersion.findMany({
    where: { referentialCode: referential, ownerOrganisationId: owner },
    orderBy: { number: 'desc' },
    take: 200,
  });
  return versions.map(versionView);
}

export async function getVersion(prisma: PrismaClient, id: string): Promise<VersionView | null> {
  const v = await prisma.referentialVersion.findUnique({ where: { id } });
  return v ? versionView(v) : null;
}

export async function reportLines(
  prisma: PrismaClient,
  versionId: string,
  options: { kind?: string | null; after?: number | null; first: number },
) {
  return prisma.referentialReportLine.findMany({
    where: { versionId, ...(options.kind ? { kind: options.kind } : {}), position: { gt: options.after ?? 0 } },
    orderBy: { position: 'asc' },
    take: Math.min(Math.max(options.first, 1), 500),
  });
}

/**
 * The difference between any two versions of one referential's series (`from` the older, `to` the
 * newer), in the report's order, a page at a time (`offset`, at most 500 lines). Null when either
 * version is missing or they belong to different referentials or owners.
 */
export async function diffVersions(
  prisma: PrismaClient,
  options: { from: string; to: string; first: number; offset: number },
) {
  const versions = await prisma.referentialVersion.findMany({
    where: { id: { in: [options.from, options.to] } },
    select: { id: true, referentialCode: true, ownerOrganisationId: true },
  });
  const [a, b] = versions;
  if (!a || !b || a.referentialCode !== b.referentialCode || a.ownerOrganisationId !== b.ownerOrganisationId)
    return null;
  const lines = await prisma.$queryRawUnsafe<
    { kind: string; code: string; line: number | null; changes: unknown; position: bigint }[]
  >(
    `SELECT kind, code, line, changes, row_number() OVER (ORDER BY ${DIFF_ORDER}) AS position
     FROM (${DIFF_ROWS}) d ORDER BY ${DIFF_ORDER} LIMIT $3 OFFSET $4`,
    options.to,
    options.from,
    Math.min(Math.max(options.first, 1), 500),
    Math.max(options.offset, 0),
  );
  return lines.map((l) => ({ ...l, position: Number(l.position), reason: null }));
}
