import type { DomainServices } from '../domain-services.ts';
import { createAgeLimitActivities } from './age-limit-activities.ts';
import { resolveDuplicate } from './duplicates.ts';

// The enrolment's server half for dependants and duplicates: the daily age-limit run's activities,
// and the `doublon` process's effect.
export const enrolmentDependantsServices: DomainServices = {
  id: 'enrolment',
  activities: createAgeLimitActivities,
  effects: { resoudre_doublon: resolveDuplicate },
};
