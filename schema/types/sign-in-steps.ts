import { builder } from '../builder.ts';
import { ApiError } from '../errors.ts';
import { ErrorInterface } from './errors.ts';

// The answers of a sign-in that is not over yet, and the refusals of its later steps. A step is an
// error result like the others (a client that knows only `... on Error` shows its message), with the
// short-lived challenge to send with the next step.

export abstract class SignInStepError extends ApiError {
  constructor(
    message: string,
    readonly challenge: string,
    readonly expiresAt: Date,
  ) {
    super(message);
  }
}

export class TwoFactorRequiredError extends SignInStepError {
  readonly code = 'double_facteur_requis';
}

export class TwoFactorEnrolmentRequiredError extends SignInStepError {
  readonly code = 'inscription_double_facteur_requise';
}

export class PasswordChangeRequiredError extends SignInStepError {
  readonly code = 'changement_mot_de_passe_requis';
}

export class InvalidCodeError extends ApiError {
  readonly code = 'code_invalide';
}

export class ChallengeExpiredError extends ApiError {
  readonly code = 'verification_expiree';
}

const CHALLENGE = 'To send with the next step; valid until expiresAt, once.';

builder.objectType(TwoFactorRequiredError, {
  name: 'TwoFactorRequiredError',
  description: 'The password was right; the code of the authenticator app is due: `signInWithCode(challenge, code)`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TwoFactorRequiredError,
  fields: (t) => ({
    challenge: t.exposeString('challenge', { description: CHALLENGE }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.objectType(TwoFactorEnrolmentRequiredError, {
  name: 'TwoFactorEnrolmentRequiredError',
  description:
    'The password was right; the role requires two-factor sign-in and the person is not enrolled: ' +
    '`startTotpEnrolment(challenge)`, then `confirmTotpEnrolment`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TwoFactorEnrolmentRequiredError,
  fields: (t) => ({
    challenge: t.exposeString('challenge', { description: CHALLENGE }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.objectType(PasswordChangeRequiredError, {
  name: 'PasswordChangeRequiredError',
  description: 'The password has expired (PASSWORD_MAX_AGE): `changePassword(challenge, newPassword)`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PasswordChangeRequiredError,
  fields: (t) => ({
    challenge: t.exposeString('challenge', { description: CHALLENGE }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.objectType(InvalidCodeError, {
  name: 'InvalidCodeError',
  description: 'Not the code of the authenticator app now, or a code already used.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidCodeError,
});

builder.objectType(ChallengeExpiredError, {
  name: 'ChallengeExpiredError',
  description: 'The challenge of this step has expired or was used: sign in again with the password.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ChallengeExpiredError,
});
