import { canSeeCase } from './case-access.ts';
import type { CaseServiceContext } from './context.ts';
import { engineFor } from './definition-engines.ts';
import { documentReferenceErrors } from './document-references.ts';
import { SiamoError } from './errors.ts';
import { checkEvent } from './process-checks.ts';
import { sendEvent } from './send-event.ts';
import type { Viewer } from './viewer.ts';
import { workingRole } from './working-role.ts';

export interface SendEventAsRequest {
  caseId: string;
  event: string;
  input: unknown;
  expectedRevision?: number;
  requestId?: string;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** A form's input: an object of fields (not a list, not a bare value). */
export const isInputObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `viewer` sends an event to a case they can see: the command the API, the portal and a batch share.
 * It checks what the workflow cannot (the case is visible, still open, the input an object, the
 * documents it names belong to the case, its process's own checks of the database), chooses the role to act under, and sends. Refusals are
 * SiamoErrors naming the event, the state and the role; nothing changes.
 */
export async function sendEventAs(
  ctx: CaseServiceContext,
  viewer: Viewer,
  request: SendEventAsRequest,
): Promise<{ caseId: string }> {
  const { caseId, event } = request;
  const kase = await ctx.prisma.case.findUnique({
    where: { id: caseId },
    select: { organisationId: true, processId: true, processVersion: true, state: true, terminal: true },
  });
  if (!kase || !canSeeCase(viewer, kase))
    throw new SiamoError('introuvable', `Le dossier « ${caseId} » est introuvable.`);
  const engine = await engineFor(ctx.prisma, kase.processId, kase.processVersion);
  if (kase.terminal) {
    // Its workflow may be gone already: the projection answers, as the workflow itself would.
    throw new SiamoError(
      'non_autorise',
      `Le dossier est clos (état « ${engine?.stateLabel(kase.state) ?? kase.state} ») : aucune action n’est plus possible.`,
      undefined,
      { event, state: kase.state },
    );
  }
  const input = request.input ?? {};
  if (!isInputObject(input))
    throw new SiamoError('saisie_invalide', 'La saisie doit être un objet de champs.', {
      input: 'Objet de champs attendu.',
    });
  if (request.requestId !== undefined && !REQUEST_ID.test(request.requestId)) {
    throw new SiamoError('saisie_invalide', 'Identifiant de requête invalide.', {
      requestId: '1 à 100 caractères parmi lettres, chiffres, point, deux-points, tiret et souligné.',
    });
  }
  const role = workingRole(viewer, 'sendEvent', engine?.definition.events[event]?.roles ?? []);
  // The process's own checks of the database (who acts for whom), whatever the state: a case the
  // projection shows a step behind must not let one through.
  await checkEvent(ctx.prisma, kase.processId, { viewer, role, caseId, event, state: kase.state, input });
  // The documents the form names, once the event is one this role may send now (otherwise the
  // workflow's refusal, which says why, comes first).
  if (engine?.availableEvents(kase.state, role).some((e) => e.id === event)) {
    const references = await documentReferenceErrors(ctx.prisma, caseId, engine.definition.events[event]?.input, input);
    if (Object.keys(references).length > 0)
      throw new SiamoError('saisie_invalide', 'Un document désigné n’appartient pas à ce dossier.', references);
  }
  try {
    await sendEvent(ctx, {
      caseId,
      event,
      input,
      actor: { id: viewer.userId, role },
      expectedRevision: request.expectedRevision,
      requestId: request.requestId,
    });
    return { caseId };
  } catch (error) {
    if (!(error instanceof SiamoError)) throw error;
    // The state the refusal was about, as the projection shows it now.
    const current = await ctx.prisma.case.findUnique({ where: { id: caseId }, select: { state: true } });
    throw new SiamoError(error.code, error.message, error.fieldErrors, {
      event,
      role,
      ...(current ? { state: current.state } : {}),
    });
  }
}
