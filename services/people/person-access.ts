import type { Prisma } from '../../generated/prisma/client.ts';
import { hasNationalScope } from '../case-access.ts';
import type { Viewer } from '../viewer.ts';

// The organisation rule, for people: national roles (ministry, ICAMO, administrator) see everyone;
// everyone else sees the people of their own organisation only. An IPM never learns who works for
// another IPM, nor that it exists.

export function personVisibilityWhere(viewer: Viewer): Prisma.UserWhereInput {
  return hasNationalScope(viewer) ? {} : { organisationId: viewer.organisationId };
}

export const canSeePerson = (viewer: Viewer, person: { organisationId: string }): boolean =>
  hasNationalScope(viewer) || person.organisationId === viewer.organisationId;

export function organisationVisibilityWhere(viewer: Viewer): Prisma.OrganisationWhereInput {
  return hasNationalScope(viewer) ? {} : { id: viewer.organisationId };
}
