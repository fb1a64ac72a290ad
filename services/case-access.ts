import type { Prisma } from '../generated/prisma/client.ts';
import type { Role } from '../processes/roles.ts';
import type { Viewer } from './viewer.ts';

/**
 * Roles whose work spans every IPM: the ministry instructs every licence file, ICAMO supervises every
 * IPM, the administrator runs the platform. Everyone else sees only the cases of their organisation.
 */
export const NATIONAL_ROLES: readonly Role[] = [
  'agent_ministere',
  'directeur_ministere',
  'analyste_icamo',
  'pilotage_icamo',
  'administrateur',
];

export const hasNationalScope = (viewer: Viewer): boolean => viewer.roles.some((r) => NATIONAL_ROLES.includes(r));

/** The filter every case query must include: a viewer never reads another organisation's case. */
export function caseVisibilityWhere(viewer: Viewer): Prisma.CaseWhereInput {
  return hasNationalScope(viewer) ? {} : { organisationId: viewer.organisationId };
}

export function canSeeCase(viewer: Viewer, kase: { organisationId: string | null }): boolean {
  return hasNationalScope(viewer) || (kase.organisationId !== null && kase.organisationId === viewer.organisationId);
}

/** The role a viewer acts under for something `allowed` roles may do; undefined when none of theirs. */
export const actingRole = (viewer: Viewer, allowed: readonly Role[]): Role | undefined =>
  viewer.roles.find((role) => allowed.includes(role));
