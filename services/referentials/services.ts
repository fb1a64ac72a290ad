import type { DomainServices } from '../domain-services.ts';
import { REFERENTIAL_EFFECT_IMPLEMENTATIONS } from './effects.ts';
import { referentielEnVigueur } from './mail/version-en-vigueur.ts';

/** The referentials' server half: the steps of the `referentiel` process and the message of a version in force. */
export const referentialsServices: DomainServices = {
  id: 'referentials',
  effects: REFERENTIAL_EFFECT_IMPLEMENTATIONS,
  mailTemplates: { referentiel_en_vigueur: referentielEnVigueur },
};
