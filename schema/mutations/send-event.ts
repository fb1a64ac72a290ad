import type { Role } from '../../processes/roles.ts';
import { canSeeCase } from '../../services/case-access.ts';
import { engineFor } from '../../services/definition-engines.ts';
import { documentReferenceErrors } from '../../services/document-references.ts';
import { OPERATIONS } from '../../services/permissions.ts';
import { sendEvent } from '../../services/send-event.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import {
  ActionPendingError,
  ConflictError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  RecordingFailedError,
  type Refused,
  toApiError,
} from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { CasePayload } from './case-payload.ts';
import { isInputObject } from './input-object.ts';

const SendEventInput = builder.inputType('SendEventInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    event: t.string({ required: true, description: 'An event of Case.availableEvents.' }),
    input: t.field({ type: 'JSON', description: 'The event’s form (see AvailableEvent.input).' }),
    expectedRevision: t.int({
      description: 'The revision you read: if the case has moved on since, the event is refused (ConflictError).',
    }),
    requestId: t.string({
      description: 'Makes a retry land once: send the same id again after a dropped connection (one per user action).',
    }),
  }),
});

builder.mutationField('sendEvent', (t) =>
  t.field({
    type: CasePayload,
    description:
      'Sends an event to a case, through its Temporal workflow. Of two conflicting events sent at the same moment, ' +
      'exactly one wins; the other is refused (NotAllowedError, or ConflictError with expectedRevision). ' +
      'When this returns, reading the case shows the transition.',
    args: { input: t.arg({ type: SendEventInput, required: true }) },
    errors: {
      types: [
        ...GATE_ERRORS,
        NotFoundError,
        NotAllowedError,
        InvalidInputError,
        ConflictError,
        RecordingFailedError,
        ActionPendingError,
      ],
      directResult: true,
    },
    resolve: async (_root, { input: request }, ctx) => {
      const viewer = authorize(ctx, 'sendEvent');
      const caseId = String(request.caseId);
      const kase = await ctx.prisma.case.findUnique({
        where: { id: caseId },
        select: { organisationId: true, processId: true, processVersion: true, state: true, terminal: true },
      });
      if (!kase || !canSeeCase(viewer, kase)) throw new NotFoundError(`Le dossier « ${caseId} » est introuvable.`);
      const engine = await engineFor(ctx.prisma, kase.processId, kase.processVersion);
      if (kase.terminal) {
        // Its workflow may be gone already: the projection answers, as the workflow itself would.
        throw new NotAllowedError(
          'non_autorise',
          `Le dossier est clos (état « ${engine?.stateLabel(kase.state) ?? kase.state} ») : aucune action n’est plus possible.`,
          { event: request.event, state: kase.state },
        );
      }
      const input = request.input ?? {};
      if (!isInputObject(input)) {
        throw new InvalidInputError('La saisie doit être un objet de champs.', { input: 'Objet de champs attendu.' });
      }
      if (
        request.requestId !== null &&
        request.requestId !== undefined &&
        !/^[\w.:-]{1,100}$/.test(request.requestId)
      ) {
        throw new InvalidInputError('Identifiant de requête invalide.', {
          requestId: '1 à 100 caractères parmi lettres, chiffres, point, deux-points, tiret et souligné.',
        });
      }
      const allowed = engine?.definition.events[request.event]?.roles ?? [];
      // The role that may send this event; failing that, one of the viewer's, so that the workflow
      // refuses it with its own message naming the state, the event and the role.
      const workingRoles = viewer.roles.filter((r) => (OPERATIONS.sendEvent as readonly Role[]).includes(r));
      const role = workingRoles.find((r) => allowed.includes(r)) ?? workingRoles[0];
      if (!role) throw new Error('unreachable: authorize() let a viewer without a working role through');
      // The documents the form names, once the event is one this role may send now (otherwise the
      // workflow's refusal, which says why, comes first).
      if (engine?.availableEvents(kase.state, role).some((e) => e.id === request.event)) {
        const references = await documentReferenceErrors(
          ctx.prisma,
          caseId,
          engine.definition.events[request.event]?.input,
          input,
        );
        if (Object.keys(references).length > 0) {
          throw new InvalidInputError('Un document désigné n’appartient pas à ce dossier.', references);
        }
      }
      try {
        await sendEvent(ctx.services.cases, {
          caseId,
          event: request.event,
          input,
          actor: { id: viewer.userId, role },
          expectedRevision: request.expectedRevision ?? undefined,
          requestId: request.requestId ?? undefined,
        });
        return { caseId };
      } catch (error) {
        const refused: Refused = { event: request.event, role };
        // The state the refusal was about, as the projection shows it now.
        const current = await ctx.prisma.case.findUnique({ where: { id: caseId }, select: { state: true } });
        if (current) refused.state = current.state;
        return toApiError(error, refused);
      }
    },
  }),
);
