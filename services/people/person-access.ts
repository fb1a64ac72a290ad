import type { Prisma } from '../../generated/prisma/client.ts';
import { PLATFORM_ROLE_NAMES } from '../../processes/roles.ts';
import { hasNationalScope } from '../case-access.ts';
import { mayUse } from '../permissions.ts';
import type { Viewer } from '../viewer.ts';

// The organisation rule, for people: national roles (ministry, ICAMO, administrator) see everyone;
// everyone else sees the people of their own organisation only. An IPM never learns who works for
// another IPM, nor that it exists.

/**
 * Those who work in an organisation hold one of the platform's roles; a member's account (`assure`,
 * a domain's role, held in its IPM) is not one of the IPM's people and is listed to no one.
 */
const STAFF: Prisma.UserWhereInput = { roles: { hasSome: PLATFORM_ROLE_NAMES } };

export function personVisibilityWhere(viewer: Viewer): Prisma.UserWhereInput {
  // Whoever may not list people (a member, through `me { organisation { users } }`) sees none.
  if (!mayUse(viewer, 'users')) return { id: { in: [] } };
  return hasNationalScope(viewer) ? STAFF : { organisationId: viewer.organisationId, ...STAFF };
}

export const canSeePerson = (viewer: Viewer, person: { organisationId: string }): boolean =>
  mayUse(viewer, 'users') && (hasNationalScope(viewer) || person.organisationId === viewer.organisationId);

export function organisationVisibilityWhere(viewer: Viewer): Prisma.OrganisationWhereInput {
  return hasNationalScope(viewer) ? {} : { id: viewer.organisationId };
}
