import type { DocumentKind } from '../../../processes/effects.ts';
import { decisionAgrement } from '../../licensing/documents/decision-agrement.ts';
import { demandeComplements } from '../../licensing/documents/demande-complements.ts';
import { lettreRefus } from '../../licensing/documents/lettre-refus.ts';
import {
  decisionRenouvellement,
  decisionRetrait,
  decisionSuspension,
  refusRenouvellement,
} from '../../licensing/documents/licence-decisions.ts';
import type { DocumentTemplate } from './types.ts';

/** The template of each kind of document: the type makes a missing one a compile error. */
export const DOCUMENT_TEMPLATES: Record<DocumentKind, DocumentTemplate> = {
  demande_complements: demandeComplements,
  decision_agrement: decisionAgrement,
  lettre_refus: lettreRefus,
  decision_renouvellement: decisionRenouvellement,
  refus_renouvellement: refusRenouvellement,
  decision_suspension: decisionSuspension,
  decision_retrait: decisionRetrait,
};

export type { DocumentContent, DocumentTemplate } from './types.ts';
