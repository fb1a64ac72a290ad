import type { DomainServices } from '../domain-services.ts';
import { closeAffiliations } from './effects.ts';

/** The enrolment's server half: the effect that ends a terminated employer's affiliations. */
export const enrolmentServices: DomainServices = {
  id: 'enrolment',
  effects: { clore_affiliations: closeAffiliations },
};
