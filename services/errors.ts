import type { FieldErrors } from '../processes/fields.ts';
import type { Role } from '../processes/roles.ts';

/** What a refusal was about, when known: the event, in which state, for which role. */
export interface RefusalContext {
  event?: string;
  state?: string;
  role?: Role;
}

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
    readonly refused?: RefusalContext,
  ) {
    super(message);
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);

/**
 * Not a refusal: the caller's wait ran out before the case showed the action (SIAMO_UPDATE_WAIT).
 * `affichage_en_attente`: the case accepted it — it is in its history and will be shown once the
 * database answers again. `non_confirme`: it could not be confirmed in time (Temporal unreachable, no
 * worker); sent again with the same request id, it lands at most once. Neither changes anything twice.
 */
export class PendingError extends Error {
  override name = 'PendingError';

  constructor(
    readonly code: 'affichage_en_attente' | 'non_confirme',
    readonly caseId: string,
    message: string,
  ) {
    super(message);
  }

  static displayPending(caseId: string): PendingError {
    return new PendingError(
      'affichage_en_attente',
      caseId,
      'Votre action est enregistrée par le dossier, mais son affichage est en attente : la base de données ne répond pas pour le moment. ' +
        'Elle apparaîtra d’elle-même dès son retour ; ne la renvoyez pas.',
    );
  }

  static notConfirmed(caseId: string): PendingError {
    return new PendingError(
      'non_confirme',
      caseId,
      'Votre action n’a pas pu être confirmée dans le délai : le service des dossiers est momentanément indisponible. ' +
        'Rechargez le dossier dans un moment pour voir si elle a été prise en compte, ou renvoyez-la avec le même identifiant de requête : elle ne sera appliquée qu’une fois.',
    );
  }
}
