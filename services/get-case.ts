import { ProcessEngine } from '../processes/engine.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import type { Role } from '../processes/roles.ts';
import type { CaseView } from '../workflows/types.ts';
import type { CaseServiceContext } from './context.ts';

/**
 * Reads a case from the projection, as `role` sees it. This is the read path of screens: it never
 * wakes a workflow. The definition version comes from the database, so the events listed are those
 * of the version the case runs on.
 */
export async function getCase(
  ctx: Pick<CaseServiceContext, 'prisma'>,
  caseId: string,
  role: Role,
): Promise<CaseView | null> {
  const row = await ctx.prisma.case.findUnique({ where: { id: caseId }, include: { definition: true } });
  if (!row) return null;
  const engine = new ProcessEngine(row.definition.definition as unknown as ProcessDefinition);
  return {
    caseId: row.id,
    processId: row.processId,
    version: row.processVersion,
    businessKey: row.businessKey,
    organisationId: row.organisationId,
    state: row.state,
    stateLabel: engine.stateLabel(row.state),
    terminal: row.terminal,
    context: row.context as Record<string, unknown>,
    revision: row.revision,
    enteredAt: row.enteredAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    availableEvents: row.terminal ? [] : engine.availableEvents(row.state, role),
  };
}
