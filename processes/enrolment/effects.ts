import { typed } from '../define.ts';
import type { EffectSpec } from '../effects.ts';

// The enrolment's effects besides the engine's; their activities are services/enrolment/effects.ts.

export const ENROLMENT_EFFECTS = {
  clore_affiliations: typed<Record<never, never>>()({
    awaited: true,
    description:
      'Clôt, au jour de la résiliation, les affiliations encore ouvertes des salariés de l’employeur du dossier (motif : départ).',
    checkParams: (p) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre'),
  }) satisfies EffectSpec,
} as const;
