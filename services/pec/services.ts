import type { DomainServices } from '../domain-services.ts';
import { pecADecider, pecEnRetard } from './ipm-mail.ts';
import { pecLetter } from './letter.ts';
import { notifyIpm } from './notify-ipm.ts';
import { PEC_PROCESS_CHECKS } from './process-checks.ts';

/** The PEC's server half: the effects that number a grant, write the letters and tell the IPM; its messages and checks. */
export const pecServices: DomainServices = {
  id: 'pec',
  effects: { lettre_pec: pecLetter, notifier_ipm: notifyIpm },
  mailTemplates: { pec_a_decider: pecADecider, pec_en_retard: pecEnRetard },
  processChecks: PEC_PROCESS_CHECKS,
};
