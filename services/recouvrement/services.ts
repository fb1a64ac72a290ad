import type { DomainServices, EffectImplementation } from '../domain-services.ts';
import { miseEnDemeure } from './documents/mise-en-demeure.ts';
import { RECOUVREMENT_EFFECT_IMPLEMENTATIONS } from './effects.ts';
import {
  detteSoldee,
  miseEnDemeureCotisations,
  relanceCotisations,
  signalementRecouvrement,
  suspensionDroits,
  suspensionRecouvrement,
} from './mail/messages.ts';

// effects.ts reaches the mail machinery, which reaches services/domains.ts again: read the
// implementations when an effect runs, not when this module loads (as the referentials do).
const late =
  (name: keyof typeof RECOUVREMENT_EFFECT_IMPLEMENTATIONS): EffectImplementation =>
  (deps, effect) =>
    RECOUVREMENT_EFFECT_IMPLEMENTATIONS[name](deps, effect);

/** The recouvrement's server half: the ladder's steps, its letters and its formal notice. */
export const recouvrementServices: DomainServices = {
  id: 'recouvrement',
  effects: {
    ouvrir_relances: late('ouvrir_relances'),
    relancer_employeur: late('relancer_employeur'),
    suspendre_droits: late('suspendre_droits'),
    lever_suspension: late('lever_suspension'),
  },
  mailTemplates: {
    relance_cotisations: relanceCotisations,
    mise_en_demeure_cotisations: miseEnDemeureCotisations,
    suspension_droits: suspensionDroits,
    dette_soldee: detteSoldee,
    signalement_recouvrement: signalementRecouvrement,
    suspension_recouvrement: suspensionRecouvrement,
  },
  documentTemplates: { mise_en_demeure: miseEnDemeure },
};
