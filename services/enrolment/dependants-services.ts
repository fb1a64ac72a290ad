import type { DomainServices } from '../domain-services.ts';
import { createAgeLimitActivities } from './age-limit-activities.ts';

// The enrolment's server half for dependants: the daily age-limit run's activities.
export const enrolmentDependantsServices: DomainServices = {
  id: 'enrolment',
  activities: createAgeLimitActivities,
};
