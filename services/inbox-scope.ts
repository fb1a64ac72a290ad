import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma/client.ts';
import type { Role } from '../processes/roles.ts';
import { engineFor } from './definition-engines.ts';
import { OPERATIONS } from './permissions.ts';
import type { Viewer } from './viewer.ts';

/**
 * The cases waiting for a viewer's roles, as a condition on the projection: for every deployed
 * (process, version), the states that wait for one of the viewer's roles (those in which it may send
 * an event, unless the state says otherwise). Null when there is none (the inbox is then empty).
 * Guards are not evaluated: an event whose guard fails is still work waiting for that role.
 */
export async function inboxScope(prisma: PrismaClient, viewer: Viewer): Promise<Prisma.CaseWhereInput | null> {
  const actingRoles = viewer.roles.filter((role) => (OPERATIONS.sendEvent as readonly Role[]).includes(role));
  if (actingRoles.length === 0) return null;
  const deployed = await prisma.processDefinition.findMany({ select: { processId: true, version: true } });
  const alternatives: Prisma.CaseWhereInput[] = [];
  for (const { processId, version } of deployed) {
    const engine = await engineFor(prisma, processId, version);
    if (!engine) continue;
    const states = Object.keys(engine.definition.states).filter((id) =>
      actingRoles.some((role) => engine.waitsFor(id, role)),
    );
    if (states.length > 0) alternatives.push({ processId, processVersion: version, state: { in: states } });
  }
  return alternatives.length === 0 ? null : { terminal: false, OR: alternatives };
}
