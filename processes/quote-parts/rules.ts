import { typed } from '../define.ts';
import type { EffectSpec } from '../effects.ts';

// The quote-parts' own effects; their activities are services/quote-parts/member-ladder-effects.ts.
// Each is keyed by its case, revision and position, so a retried effect writes and sends once.

/** Messages the ladder sends the member (its address, else its account's, else its employer's people). */
export const MEMBER_MESSAGES = {
  rappel_quote_parts: 'Rappel : sommes dues à votre IPM',
  suspension_quote_parts: 'Suspension de vos droits pour sommes impayées',
  quote_parts_reglees: 'Sommes dues réglées : fin des relances',
} as const;

export type MemberMessage = keyof typeof MEMBER_MESSAGES;

/** The message to the employer's people asking a deduction from the worker's salary. */
export const EMPLOYER_DEDUCTION_MESSAGE = {
  retenue_salaire_quote_parts: 'Demande de retenue sur salaire',
} as const;

const noParams = (p: Record<string, unknown>) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre');

export const QUOTE_PARTS_EFFECTS = {
  relancer_assure: typed<{ modele: MemberMessage }>()({
    description:
      'Écrit à l’assuré du dossier le message du `modele` (à son adresse, sinon à celle de son compte, sinon aux ' +
      'titulaires du rôle employeur de son employeur).',
    checkParams: (p) =>
      typeof p.modele === 'string' && Object.hasOwn(MEMBER_MESSAGES, p.modele)
        ? undefined
        : `modele doit être l’un de : ${Object.keys(MEMBER_MESSAGES).join(', ')}`,
  }),
  demander_retenue_salaire: typed<Record<never, never>>()({
    description:
      'Demande à l’employeur de l’assuré du dossier (les titulaires du rôle employeur de son organisation) une retenue ' +
      'du montant dû sur son salaire.',
    checkParams: noParams,
  }),
  suspendre_droits_assure: typed<Record<never, never>>()({
    awaited: true,
    description:
      'Suspend les droits de l’assuré du dossier et de ses ayants droit à partir du jour de la transition (une période ' +
      'RightsSuspension, motif quote-parts impayées).',
    checkParams: noParams,
  }),
  lever_suspension_assure: typed<Record<never, never>>()({
    awaited: true,
    description:
      'Lève la suspension écrite par ce dossier à la date du paiement qui solde la dette (champ datePaiement) ; sans ' +
      'suspension, rien.',
    checkParams: noParams,
  }),
} satisfies Record<string, EffectSpec>;
