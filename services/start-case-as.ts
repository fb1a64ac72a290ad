import { latestDefinition } from '../processes/registry.ts';
import type { CaseServiceContext } from './context.ts';
import { SiamoError } from './errors.ts';
import { checkStart } from './process-checks.ts';
import { isInputObject } from './send-event-as.ts';
import { startCase } from './start-case.ts';
import type { Viewer } from './viewer.ts';
import { workingRole } from './working-role.ts';

/**
 * `viewer` opens a case of a process's latest version for their organisation, under the role the
 * process lets open it: the command the API, the portal and a batch share. Refusals are SiamoErrors.
 */
export async function startCaseAs(
  ctx: CaseServiceContext,
  viewer: Viewer,
  request: { processId: string; businessKey: string; input: unknown },
) {
  const definition = latestDefinition(request.processId);
  if (!definition) throw new SiamoError('introuvable', `Le processus « ${request.processId} » n’existe pas.`);
  const input = request.input ?? {};
  if (!isInputObject(input))
    throw new SiamoError('saisie_invalide', 'La saisie doit être un objet de champs.', {
      input: 'Objet de champs attendu.',
    });
  const role = workingRole(viewer, 'startCase', definition.startRoles);
  await checkStart(ctx.prisma, definition.id, { viewer, role, input });
  try {
    return await startCase(ctx, {
      processId: definition.id,
      businessKey: request.businessKey,
      organisationId: viewer.organisationId,
      actor: { id: viewer.userId, role },
      input,
    });
  } catch (error) {
    if (!(error instanceof SiamoError)) throw error;
    throw new SiamoError(error.code, error.message, error.fieldErrors, { event: 'dossier.ouvrir', role });
  }
}
