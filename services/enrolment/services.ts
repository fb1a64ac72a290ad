import type { DomainServices } from '../domain-services.ts';
import { createAgeLimitActivities } from './age-limit-activities.ts';
import { resolveDuplicate } from './duplicates.ts';
import { closeAffiliations } from './effects.ts';

/**
 * The enrolment's server half: the effects that end a terminated employer's affiliations and apply
 * ICAMO's decision on a duplicate, and the daily age-limit run's activities.
 */
export const enrolmentServices: DomainServices = {
  id: 'enrolment',
  activities: createAgeLimitActivities,
  effects: { clore_affiliations: closeAffiliations, resoudre_doublon: resolveDuplicate },
};
