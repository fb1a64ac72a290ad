import type { DomainServices, EffectImplementation } from '../domain-services.ts';
import {
  quotePartsReglees,
  rappelQuoteParts,
  retenueSalaireQuoteParts,
  suspensionQuoteParts,
} from './mail/messages.ts';
import { createMemberLadderActivities, QUOTE_PARTS_EFFECT_IMPLEMENTATIONS } from './member-ladder-effects.ts';

// The effects reach the mail machinery, which reaches services/domains.ts again: read the
// implementations when an effect runs, not when this module loads (as the recouvrement does).
const late =
  (name: keyof typeof QUOTE_PARTS_EFFECT_IMPLEMENTATIONS): EffectImplementation =>
  (deps, effect) =>
    QUOTE_PARTS_EFFECT_IMPLEMENTATIONS[name](deps, effect);

/** The quote-parts' server half: the member's ladder's steps, its letters, its daily run. */
export const quotePartsServices: DomainServices = {
  id: 'quote-parts',
  activities: (deps) => createMemberLadderActivities(deps),
  effects: {
    relancer_assure: late('relancer_assure'),
    demander_retenue_salaire: late('demander_retenue_salaire'),
    suspendre_droits_assure: late('suspendre_droits_assure'),
    lever_suspension_assure: late('lever_suspension_assure'),
  },
  mailTemplates: {
    rappel_quote_parts: rappelQuoteParts,
    suspension_quote_parts: suspensionQuoteParts,
    quote_parts_reglees: quotePartsReglees,
    retenue_salaire_quote_parts: retenueSalaireQuoteParts,
  },
};
