import type { FieldErrors } from '../processes/fields.ts';
import type { Role } from '../processes/roles.ts';
import { PendingError, SiamoError } from '../services/errors.ts';
import { OPERATION_LABELS, type Operation } from '../services/permissions.ts';

// The typed errors of the API. Each is a result a client can match on (`... on NotFoundError`), with a
// stable `code` and a French `message` to show as it is. Unexpected failures are not among them: they
// reach the client as a masked GraphQL error and are logged.

export abstract class ApiError extends Error {
  abstract readonly code: string;
}

export class NotSignedInError extends ApiError {
  readonly code = 'non_authentifie';
  constructor(message = 'Vous n’êtes pas connecté, ou votre session a expiré : connectez-vous.') {
    super(message);
  }
}

export class ForbiddenError extends ApiError {
  readonly code = 'interdit';
  constructor(
    readonly operation: Operation,
    message = `Votre rôle ne permet pas ${elided('de', OPERATION_LABELS[operation])}.`,
  ) {
    super(message);
  }
}

export class NotFoundError extends ApiError {
  readonly code = 'introuvable';
}

export class ConflictError extends ApiError {
  readonly code = 'conflit';
}

export class RecordingFailedError extends ApiError {
  readonly code = 'enregistrement_impossible';
}

/** « de ouvrir » is not French: « d’ouvrir ». */
const elided = (word: 'de', next: string) => (/^[aeiouyhàâéèêîïôû]/i.test(next) ? `d’${next}` : `${word} ${next}`);

/** What was refused: the event, in which state, for which role, when known. */
export interface Refused {
  event?: string;
  state?: string;
  role?: Role;
}

export class NotAllowedError extends ApiError {
  constructor(
    readonly code: 'non_autorise' | 'evenement_inconnu' | 'condition_non_remplie',
    message: string,
    readonly refused: Refused = {},
  ) {
    super(message);
  }
}

export class InvalidInputError extends ApiError {
  readonly code = 'saisie_invalide';
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export class InvalidCredentialsError extends ApiError {
  readonly code = 'identifiants_invalides';
}

export class AccountLockedError extends ApiError {
  readonly code = 'compte_verrouille';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The wait for the case ran out (PendingError of the services): accepted but not shown yet, or not confirmed. */
export class ActionPendingError extends ApiError {
  constructor(
    readonly code: PendingError['code'],
    message: string,
    readonly caseId: string,
  ) {
    super(message);
  }
}

/** The typed error for a refusal of the services; anything else is rethrown as it is. */
export function toApiError(error: unknown, given: Refused = {}): never {
  if (error instanceof PendingError) throw new ActionPendingError(error.code, error.message, error.caseId);
  if (!(error instanceof SiamoError)) throw error;
  const refused = { ...given, ...error.refused };
  switch (error.code) {
    case 'introuvable':
      throw new NotFoundError(error.message);
    case 'saisie_invalide':
      throw new InvalidInputError(error.message, error.fieldErrors);
    case 'conflit':
      throw new ConflictError(error.message);
    case 'enregistrement_impossible':
      throw new RecordingFailedError(error.message);
    case 'non_autorise':
    case 'evenement_inconnu':
    case 'condition_non_remplie':
      throw new NotAllowedError(error.code, error.message, refused);
    default:
      throw error;
  }
}
