import type { FieldErrors } from '../processes/fields.ts';

/**
 * The errors a caller of Siamo can act on. Each code is documented here; messages are French and
 * never contain personal data.
 */
export const ERROR_CODES = {
  /** The event does not exist in the case's process version. */
  evenement_inconnu: 'Action inconnue',
  /** The event is not possible in this state, or not for this role, or the case is closed. */
  non_autorise: 'Action non autorisée',
  /** The input does not match the event's schema; see `fieldErrors`. */
  saisie_invalide: 'Saisie invalide',
  /** A guard of the process refused the event (e.g. a missing document). */
  condition_non_remplie: 'Condition non remplie',
  /** The case moved on since the caller read it, or the same thing was done at the same moment. */
  conflit: 'Conflit',
  /** No such case or process. */
  introuvable: 'Introuvable',
  /** A definition deployment that would change a version running cases use. */
  definition_modifiee: 'Définition modifiée sans nouvelle version',
  /** Moving a case to another version would lose or break something; the message lists every reason. */
  migration_refusee: 'Changement de version refusé',
  /**
   * The database refuses for good to record what the case did (its projection): the case is marked for
   * supervision and the administrators must act; repeating the action would change nothing.
   */
  enregistrement_impossible: 'Enregistrement impossible',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class SiamoError extends Error {
  override name = 'SiamoError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
