import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma/client.ts';
import type { Role } from '../processes/roles.ts';
import { engineFor } from './definition-engines.ts';
import { OPERATIONS } from './permissions.ts';
import type { Viewer } from './viewer.ts';

/**
 * The cases a viewer's roles can act on now, as a condition on the projection: for every deployed
 * (process, version), the states in which one of the viewer's roles may send an event. Null when
 * there is none (the inbox is then empty). Guards are not evaluated: an event whose guard fails is
 * still work waiting for that role.
 */
export async function inboxScope(prisma: PrismaClient, viewer: Viewer): Promise<Prisma.CaseWhereInput | null> {
  const actingRoles = viewer.roles.filter((role) => (OPERATIONS.sendEvent as readonly Role[]).includes(role));
  if (actingRoles.length === 0) return null;
  const deployed = await prisma.processDefinition.findMany({ select: { processId: true, version: true } });
  const alternatives: Prisma.CaseWhereInput[] = [];
  for (const { processId, version } of deployed) {
    const engine = await engineFor(prisma, processId, version);
    if (!engine) continue;
    const states = Object.entries(engine.definition.states)
      .filter(([, state]) => !state.terminal)
      .filter(([id]) => actingRoles.some((role) => engine.availableEvents(id, role).length > 0))
      .map(([id]) => id);
    if (states.length > 0) alternatives.push({ processId, processVersion: version, state: { in: states } });
  }
  return alternatives.length === 0 ? null : { terminal: false, OR: alternatives };
}
