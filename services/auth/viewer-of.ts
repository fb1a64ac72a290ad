import type { Organisation, User } from '../../generated/prisma/client.ts';
import { isRole, type Role } from '../../processes/roles.ts';
import type { Viewer } from '../viewer.ts';

/**
 * The roles a person may hold. `systeme` is the engine's own role (timers): a row that names it, by
 * mistake or by tampering, must never let a person send the engine's events.
 */
export const personRoles = (roles: readonly string[]): Role[] =>
  roles.filter((role): role is Role => isRole(role) && role !== 'systeme');

/** The viewer a signed-in user acts as. */
export function viewerOf(user: User & { organisation: Organisation }): Viewer {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    organisationId: user.organisationId,
    organisationKind: user.organisation.kind,
    roles: personRoles(user.roles),
  };
}
