import type { PrismaClient } from '../../prisma/client.ts';
import { VERSION_STATUSES, type VersionStatus } from '../../processes/referentials/statuses.ts';
import { DIFF_ORDER, DIFF_ROWS } from './diff-sql.ts';
import { type Publisher, publishers } from './publishers.ts';

// What the API and the portal read: the referentials with their owner and their current and scheduled
// versions, a version with its report's figures, and its report's lines page by page.

export interface VersionView {
  id: string;
  referentialCode: string;
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
  approvedBy: v.approvedBy,
  approvedAt: v.approvedAt,
});

export async function listReferentials(prisma: PrismaClient) {
  const [referentials, versions] = await Promise.all([
    prisma.referential.findMany({ orderBy: { code: 'asc' } }),
    prisma.referentialVersion.findMany({
      where: { status: { in: ['en_vigueur', 'programmee'] } },
      orderBy: { number: 'asc' },
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
    codeFormat: r.codeFormat,
    current: view(versions.find((v) => v.referentialCode === r.code && v.status === 'en_vigueur')),
    scheduled: view(versions.find((v) => v.referentialCode === r.code && v.status === 'programmee')),
  }));
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
 * The difference between any two versions of one referential (`from` the older, `to` the newer), in
 * the report's order, a page at a time (`offset`, at most 500 lines). Null when either version is
 * missing or they belong to different referentials.
 */
export async function diffVersions(
  prisma: PrismaClient,
  options: { from: string; to: string; first: number; offset: number },
) {
  const versions = await prisma.referentialVersion.findMany({
    where: { id: { in: [options.from, options.to] } },
    select: { id: true, referentialCode: true },
  });
  if (versions.length !== 2 || versions[0]?.referentialCode !== versions[1]?.referentialCode) return null;
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
