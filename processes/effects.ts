import type { JsonValue } from './model.ts';
import { isRole } from './roles.ts';

// The catalogue of effects a definition may name: their parameters are checked here, their
// implementations live in `activities/effects/`, keyed by the same names (the compiler enforces it).

export const NOTIFICATION_KINDS = {
  action_requise: 'Un dossier attend votre action',
  echeance_proche: 'Une échéance approche',
  retard: 'Une étape est en retard',
  escalade: 'Une étape en retard vous est signalée',
  decision: 'Une décision a été prise',
  licence_expire: 'Un agrément arrive à expiration',
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Official documents a transition may generate; their templates live in `services/documents/templates/`. */
export const DOCUMENT_KINDS = {
  demande_complements: 'Demande de compléments',
  decision_agrement: 'Décision d’agrément',
  lettre_refus: 'Lettre de refus d’agrément',
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export const isDocumentKind = (value: unknown): value is DocumentKind =>
  typeof value === 'string' && Object.hasOwn(DOCUMENT_KINDS, value);

export interface EffectSpec {
  description: string;
  checkParams(params: Record<string, JsonValue>): string | undefined;
}

export const EFFECTS = {
  notifier: {
    description: 'Notifie les titulaires d’un rôle (`destinataires`) avec un message du `modele` donné.',
    checkParams: (p) => {
      if (typeof p.modele !== 'string' || !Object.hasOwn(NOTIFICATION_KINDS, p.modele))
        return `modele doit être l’un de : ${Object.keys(NOTIFICATION_KINDS).join(', ')}`;
      if (!Array.isArray(p.destinataires) || p.destinataires.length === 0 || !p.destinataires.every(isRole))
        return 'destinataires doit être une liste non vide de rôles';
      return undefined;
    },
  },
  generer_document: {
    description: 'Produit le document officiel du `modele` donné (Word, numéroté) et le range dans le dossier.',
    checkParams: (p) => {
      if (!isDocumentKind(p.modele)) return `modele doit être l’un de : ${Object.keys(DOCUMENT_KINDS).join(', ')}`;
      const unknown = Object.keys(p).filter((name) => name !== 'modele');
      if (unknown.length > 0) return `paramètre inconnu : ${unknown.join(', ')}`;
      return undefined;
    },
  },
} satisfies Record<string, EffectSpec>;

export type EffectName = keyof typeof EFFECTS;

export const isEffectName = (name: string): name is EffectName => Object.hasOwn(EFFECTS, name);
