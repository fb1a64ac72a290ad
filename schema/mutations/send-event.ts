import { sendEventAs } from '../../services/send-event-as.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { toApiError } from '../errors.ts';
import { CASE_ACTION_ERRORS } from '../types/errors.ts';
import { CasePayload } from './case-payload.ts';

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
      types: CASE_ACTION_ERRORS,
      directResult: true,
    },
    resolve: async (_root, { input: request }, ctx) => {
      const viewer = authorize(ctx, 'sendEvent');
      return sendEventAs(ctx.services.cases, viewer, {
        caseId: String(request.caseId),
        event: request.event,
        input: request.input,
        expectedRevision: request.expectedRevision ?? undefined,
        requestId: request.requestId ?? undefined,
      }).catch((error) => toApiError(error, { event: request.event }));
    },
  }),
);
