import type { Role } from '../processes/roles.ts';
import { OPERATIONS } from './permissions.ts';
import type { Viewer } from './viewer.ts';

/**
 * The role under which `viewer` acts: among their roles that the permissions table lets use
 * `operation`, one the process allows (`allowed`); failing that, the first of them, so that the engine
 * refuses with its own message naming the role. The portal, the API and a batch choose alike.
 */
export function workingRole(viewer: Viewer, operation: 'startCase' | 'sendEvent', allowed: readonly Role[]): Role {
  const working = viewer.roles.filter((r) => (OPERATIONS[operation] as readonly Role[]).includes(r));
  const role = working.find((r) => allowed.includes(r)) ?? working[0];
  if (!role)
    throw new Error(`aucun rôle de la personne ne peut « ${operation} » : la table des droits devait l’arrêter`);
  return role;
}

/** The viewer's roles that may act on cases. */
export const workingRoles = (viewer: Viewer): Role[] =>
  viewer.roles.filter((r) => (OPERATIONS.sendEvent as readonly Role[]).includes(r));
