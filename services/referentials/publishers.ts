import type { PrismaClient } from '../../prisma/client.ts';
import { referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { OWNER_ROLES } from '../../processes/referentials/owner-roles.ts';
import { ROLES, type Role } from '../../processes/roles.ts';

// Who published a version, as those who follow a referential they do not own (ICAMO) see it: the
// organisation, and the manager who approved it under which role (the role the case's approval
// recorded). Shipped versions were approved by Siamo itself: no person, the owner's organisation.

export interface Publisher {
  organisation: string;
  approverName: string | null;
  approverRole: string | null;
  approvedAt: Date | null;
}

export interface PublishedVersion {
  id: string;
  referentialCode: string;
  /** Whose series: the national owner, or the IPM / provider keeping it. */
  ownerOrganisationId: string;
  approvedBy: string | null;
  approvedAt: Date | null;
  caseId: string | null;
}

/** The publisher of each approved version (by id), read in three queries whatever their number. */
export async function publishers(
  prisma: PrismaClient,
  versions: readonly PublishedVersion[],
): Promise<Map<string, Publisher>> {
  const approved = versions.filter((v) => v.approvedBy);
  const people = approved.flatMap((v) => (v.approvedBy && v.approvedBy !== 'systeme' ? [v.approvedBy] : []));
  // A referential each IPM or provider keeps is published by the one whose series it is.
  const ownerOf = (v: PublishedVersion) =>
    referentialDefinition(v.referentialCode)?.ownerOrganisationId ?? v.ownerOrganisationId;
  const owners = approved.map(ownerOf);
  const cases = approved.flatMap((v) => (v.caseId ? [v.caseId] : []));
  const [users, organisations, approvals] = await Promise.all([
    prisma.user.findMany({
      where: { id: { in: people } },
      select: { id: true, displayName: true, roles: true, organisation: { select: { name: true, kind: true } } },
    }),
    prisma.organisation.findMany({ where: { id: { in: owners } }, select: { id: true, name: true } }),
    prisma.auditEntry.findMany({
      where: { caseId: { in: cases }, event: 'version.approuver' },
      select: { caseId: true, actorRole: true },
    }),
  ]);
  const result = new Map<string, Publisher>();
  for (const v of approved) {
    const owner = ownerOf(v);
    const ownerName = organisations.find((o) => o.id === owner)?.name ?? owner;
    const user = users.find((u) => u.id === v.approvedBy);
    if (!user) {
      result.set(v.id, { organisation: ownerName, approverName: null, approverRole: null, approvedAt: v.approvedAt });
      continue;
    }
    const recorded = approvals.find((a) => a.caseId === v.caseId)?.actorRole;
    const role = (recorded ?? OWNER_ROLES[user.organisation.kind]?.manager ?? user.roles[0]) as Role | undefined;
    result.set(v.id, {
      organisation: user.organisation.name,
      approverName: user.displayName,
      approverRole: role ? (ROLES[role] ?? role) : null,
      approvedAt: v.approvedAt,
    });
  }
  return result;
}
