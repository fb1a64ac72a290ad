import type { DomainServices } from '../domain-services.ts';
import { pecLetter } from './letter.ts';
import { PEC_PROCESS_CHECKS } from './process-checks.ts';

/** The PEC's server half: the effect that numbers a grant and writes the letters, and its process checks. */
export const pecServices: DomainServices = {
  id: 'pec',
  effects: { lettre_pec: pecLetter },
  processChecks: PEC_PROCESS_CHECKS,
};
