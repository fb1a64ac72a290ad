import type { DomainServices } from '../domain-services.ts';
import { decisionAgrement } from './documents/decision-agrement.ts';
import { demandeComplements } from './documents/demande-complements.ts';
import { lettreRefus } from './documents/lettre-refus.ts';
import {
  decisionRenouvellement,
  decisionRetrait,
  decisionSuspension,
  refusRenouvellement,
} from './documents/licence-decisions.ts';
import { licenceExpire } from './mail/licence-expire.ts';

/** Licensing's server half: the licence's expiry warning and the ministry's decisions and letters. */
export const licensingServices: DomainServices = {
  id: 'licensing',
  mailTemplates: { licence_expire: licenceExpire },
  documentTemplates: {
    demande_complements: demandeComplements,
    decision_agrement: decisionAgrement,
    lettre_refus: lettreRefus,
    decision_renouvellement: decisionRenouvellement,
    refus_renouvellement: refusRenouvellement,
    decision_suspension: decisionSuspension,
    decision_retrait: decisionRetrait,
  },
};
