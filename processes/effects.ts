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
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

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
} satisfies Record<string, EffectSpec>;

export type EffectName = keyof typeof EFFECTS;

export const isEffectName = (name: string): name is EffectName => Object.hasOwn(EFFECTS, name);
