import type { OrganisationKind } from '../generated/prisma/client.ts';
import type { Role } from '../processes/roles.ts';

/** The signed-in person a request acts for: who, in which organisation, with which roles. */
export interface Viewer {
  userId: string;
  email: string;
  displayName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
}
