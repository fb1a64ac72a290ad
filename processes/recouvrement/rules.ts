import { typed } from '../define.ts';
import type { EffectSpec } from '../effects.ts';

// The recouvrement's own effects; their activities are services/recouvrement/effects.ts. Each is
// keyed by its case, revision and position, so a retried effect writes and sends once.

/** Messages the ladder sends the employer (the users of its organisation holding `employeur`). */
export const EMPLOYER_MESSAGES = {
  relance_cotisations: 'Relance : cotisations impayées',
  mise_en_demeure_cotisations: 'Mise en demeure de payer les cotisations',
  suspension_droits: 'Suspension des droits de vos salariés pour cotisations impayées',
  dette_soldee: 'Cotisations réglées : fin des relances',
} as const;

export type EmployerMessage = keyof typeof EMPLOYER_MESSAGES;

const noParams = (p: Record<string, unknown>) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre');

export const RECOUVREMENT_EFFECTS = {
  ouvrir_relances: typed<Record<never, never>>()({
    description:
      'À l’échéance d’une campagne d’appels : ouvre un dossier de relances pour chaque employeur de l’IPM dont un appel ' +
      'échu reste impayé et qui n’en a pas déjà un en cours (une fois le lot d’appels terminé).',
    checkParams: noParams,
  }),
  relancer_employeur: typed<{ modele: EmployerMessage }>()({
    description:
      'Écrit à l’employeur du dossier (les titulaires du rôle employeur de son organisation) le message du `modele`.',
    checkParams: (p) =>
      typeof p.modele === 'string' && Object.hasOwn(EMPLOYER_MESSAGES, p.modele)
        ? undefined
        : `modele doit être l’un de : ${Object.keys(EMPLOYER_MESSAGES).join(', ')}`,
  }),
  suspendre_droits: typed<Record<never, never>>()({
    awaited: true,
    description:
      'Suspend les droits des participants de l’employeur du dossier et de leurs ayants droit à partir du jour de la ' +
      'transition (une période RightsSuspension, motif cotisations impayées).',
    checkParams: noParams,
  }),
  lever_suspension: typed<Record<never, never>>()({
    awaited: true,
    description:
      'Lève la suspension écrite par ce dossier à la date du paiement qui solde la dette (champ datePaiement) ; sans ' +
      'suspension, rien.',
    checkParams: noParams,
  }),
} satisfies Record<string, EffectSpec>;
