import type { CALCULATIONS } from '../calculations.ts';
import { typed } from '../define.ts';
import type { EFFECTS, EffectSpec } from '../effects.ts';
import type { GUARDS } from '../guards.ts';

// The `doublon` process's own effect: applying ICAMO's decision to the register
// (services/enrolment/duplicates.ts). Its only parameter is the outcome; the conflict is the case's.

export const DUPLICATE_OUTCOMES = ['garde_premiere', 'transfere', 'rejete'] as const;
export type DuplicateOutcome = (typeof DUPLICATE_OUTCOMES)[number];

export const DOUBLON_EFFECTS = {
  resoudre_doublon: typed<{ issue: DuplicateOutcome }>()({
    description:
      'Applique la décision de l’ICAMO au conflit du dossier : garde l’affiliation de la première IPM, ' +
      'transfère l’assuré à la seconde à la date décidée, ou rejette l’inscription à la seconde.',
    checkParams: (p) =>
      DUPLICATE_OUTCOMES.includes(p.issue as DuplicateOutcome)
        ? undefined
        : `issue doit être ${DUPLICATE_OUTCOMES.join(', ')}`,
  }),
} satisfies Record<string, EffectSpec>;

export type DoublonRules = {
  guards: typeof GUARDS;
  calculations: typeof CALCULATIONS;
  effects: typeof EFFECTS & typeof DOUBLON_EFFECTS;
};
