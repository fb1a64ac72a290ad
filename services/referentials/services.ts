import type { DomainServices, EffectImplementation } from '../domain-services.ts';
import { REFERENTIAL_EFFECT_IMPLEMENTATIONS } from './effects.ts';
import { referentielEnVigueur } from './mail/version-en-vigueur.ts';
import { referentielChecks } from './process-checks.ts';

// effects.ts reaches services/domains.ts again (through the mail preferences): read its
// implementations when an effect runs, not when this module loads, so that the order of first
// imports never registers nothing.
const late =
  (name: keyof typeof REFERENTIAL_EFFECT_IMPLEMENTATIONS): EffectImplementation =>
  (deps, effect) =>
    REFERENTIAL_EFFECT_IMPLEMENTATIONS[name](deps, effect);

/** The referentials' server half: the steps of the `referentiel` process, its checks of who acts, and the message of a version in force. */
export const referentialsServices: DomainServices = {
  id: 'referentials',
  effects: {
    programmer_version: late('programmer_version'),
    rejeter_version: late('rejeter_version'),
    annuler_version: late('annuler_version'),
    activer_version: late('activer_version'),
  },
  mailTemplates: { referentiel_en_vigueur: referentielEnVigueur },
  processChecks: { referentiel: referentielChecks },
};
