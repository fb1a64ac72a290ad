import { latestDefinition } from '../../processes/registry.ts';
import type { Role } from '../../processes/roles.ts';
import { SiamoError } from '../../services/errors.ts';
import { OPERATIONS } from '../../services/permissions.ts';
import { startCase } from '../../services/start-case.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import {
  ActionPendingError,
  ConflictError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  RecordingFailedError,
  toApiError,
} from '../errors.ts';
import { planned } from '../planned-query.ts';
import { CaseRef } from '../types/case.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { isInputObject } from './input-object.ts';

const StartCaseInput = builder.inputType('StartCaseInput', {
  fields: (t) => ({
    processId: t.string({ required: true }),
    idempotencyKey: t.string({
      required: true,
      description:
        'Makes the start safe to retry: the same key twice gives the same case (`created: false`). It becomes ' +
        'the case’s business key, shown and searched: a file number, or a random id made when the form opens; ' +
        'never a NIN nor a name. 3 to 100 letters, digits, dots, dashes or underscores.',
    }),
    input: t.field({ type: 'JSON', description: 'The opening form (see ProcessVersion.startInput).' }),
  }),
});

const StartCasePayload = builder.objectRef<{ caseId: string; created: boolean }>('StartCasePayload').implement({
  fields: (t) => ({
    case: t.prismaField({
      type: CaseRef,
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.case.findUniqueOrThrow({ ...planned(query), where: { id: payload.caseId } }),
    }),
    created: t.exposeBoolean('created', {
      description: 'False when the key already had a case: that one is returned.',
    }),
  }),
});

builder.mutationField('startCase', (t) =>
  t.field({
    type: StartCasePayload,
    description: 'Opens a case on the latest version of a process, for your organisation.',
    args: { input: t.arg({ type: StartCaseInput, required: true }) },
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
      const viewer = authorize(ctx, 'startCase');
      const definition = latestDefinition(request.processId);
      if (!definition) throw new NotFoundError(`Le processus « ${request.processId} » n’existe pas.`);
      const input = request.input ?? {};
      if (!isInputObject(input)) {
        throw new InvalidInputError('La saisie doit être un objet de champs.', { input: 'Objet de champs attendu.' });
      }
      // The role that may open this process; failing that, one of the viewer's, so that the engine
      // answers with its own message naming the role.
      const workingRoles = viewer.roles.filter((r) => (OPERATIONS.startCase as readonly Role[]).includes(r));
      const role = workingRoles.find((r) => definition.startRoles.includes(r)) ?? workingRoles[0];
      if (!role) throw new Error('unreachable: authorize() let a viewer without a working role through');
      try {
        const result = await startCase(ctx.services.cases, {
          processId: definition.id,
          businessKey: request.idempotencyKey,
          organisationId: viewer.organisationId,
          actor: { id: viewer.userId, role },
          input,
        });
        return { caseId: result.case.caseId, created: result.created };
      } catch (error) {
        // The services call it the business key; the API, the idempotency key.
        if (error instanceof SiamoError && error.fieldErrors?.businessKey) {
          const problem = error.message.replace('La clé du dossier', 'La clé d’idempotence');
          throw new InvalidInputError(problem, { idempotencyKey: problem });
        }
        return toApiError(error, { event: 'dossier.ouvrir', role });
      }
    },
  }),
);
