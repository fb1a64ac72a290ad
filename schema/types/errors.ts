import { builder } from '../builder.ts';
import {
  AccountLockedError,
  ActionPendingError,
  type ApiError,
  ConflictError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  NotSignedInError,
  RecordingFailedError,
} from '../errors.ts';
import { RoleEnum } from './enums.ts';

export const ErrorInterface = builder.interfaceRef<ApiError>('Error').implement({
  description: 'Every typed error: a stable code and a French message to show as it is.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(NotSignedInError, {
  name: 'NotSignedInError',
  description: 'No valid session cookie nor bearer token: sign in again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotSignedInError,
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'None of your roles may use this operation.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: (t) => ({ operation: t.exposeString('operation') }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No such thing, or none that you may see (the two are not told apart).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The case changed since you read it: reload it and try again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
});

builder.objectType(RecordingFailedError, {
  name: 'RecordingFailedError',
  description:
    'The database refused for good to record what the case did: the case is marked for the administrators ' +
    '(supervision); repeating the action would change nothing.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RecordingFailedError,
});

builder.objectType(NotAllowedError, {
  name: 'NotAllowedError',
  description:
    'The process refuses the action: unknown event (`evenement_inconnu`), not possible in this state or for ' +
    'this role, or case closed (`non_autorise`), or a condition of the process not met (`condition_non_remplie`).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotAllowedError,
  fields: (t) => ({
    event: t.string({ nullable: true, resolve: (error) => error.refused.event ?? null }),
    state: t.string({ nullable: true, resolve: (error) => error.refused.state ?? null }),
    role: t.field({ type: RoleEnum, nullable: true, resolve: (error) => error.refused.role ?? null }),
  }),
});

const FieldError = builder.objectRef<{ field: string; message: string }>('FieldError').implement({
  description: 'What is wrong with one field, in French.',
  fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'The input is invalid: `fields` says what to correct, field by field.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (t) => ({
    fields: t.field({
      type: [FieldError],
      resolve: (error) => Object.entries(error.fields).map(([field, message]) => ({ field, message })),
    }),
  }),
});

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description: 'Wrong e-mail address or password (which one is not said).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidCredentialsError,
});

builder.objectType(AccountLockedError, {
  name: 'AccountLockedError',
  description: 'Too many failed sign-ins: the account is locked for a while.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof AccountLockedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(ActionPendingError, {
  name: 'ActionPendingError',
  description:
    'The case did not show the action within the configured wait. `affichage_en_attente`: the case accepted it and ' +
    'will show it once its database answers again (do not send it again). `non_confirme`: it could not be confirmed; ' +
    'send it again with the same requestId (or idempotencyKey): it lands at most once.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ActionPendingError,
  fields: (t) => ({ caseId: t.exposeID('caseId') }),
});

/** The errors of every operation that needs a signed-in person with the right role. */
export const GATE_ERRORS = [NotSignedInError, ForbiddenError];

/** The errors of an action on a case (opening it, an event): the gate's, then the case's answers. */
export const CASE_ACTION_ERRORS = [
  ...GATE_ERRORS,
  NotFoundError,
  NotAllowedError,
  InvalidInputError,
  ConflictError,
  RecordingFailedError,
  ActionPendingError,
];
