import { SiamoError } from '../../services/errors.ts';
import { startCaseAs } from '../../services/start-case-as.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, toApiError } from '../errors.ts';
import { planned } from '../planned-query.ts';
import { CaseRef } from '../types/case.ts';
import { CASE_ACTION_ERRORS } from '../types/errors.ts';

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
      types: CASE_ACTION_ERRORS,
      directResult: true,
    },
    resolve: async (_root, { input: request }, ctx) => {
      const viewer = authorize(ctx, 'startCase');
      try {
        const result = await startCaseAs(ctx.services.cases, viewer, {
          processId: request.processId,
          businessKey: request.idempotencyKey,
          input: request.input,
        });
        return { caseId: result.case.caseId, created: result.created };
      } catch (error) {
        // The services call it the business key; the API, the idempotency key.
        if (error instanceof SiamoError && error.fieldErrors?.businessKey) {
          const problem = error.message.replace('La clé du dossier', 'La clé d’idempotence');
          throw new InvalidInputError(problem, { idempotencyKey: problem });
        }
        return toApiError(error);
      }
    },
  }),
);
