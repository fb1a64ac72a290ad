import type { Client } from '@temporalio/client';
import { ANOMALIES } from '../../workflows/search-attributes.ts';
import { type Anomaly, listCaseAnomalies } from '../case-anomalies.ts';

/** A case whose workflow cannot record what it does (its projection write waits or is refused). */
export type StuckCase = {
  caseId: string;
  anomaly: Anomaly;
  /** When the workflow's current run started: the anomaly came later. */
  runStartedAt: Date;
  reason: string;
};

const REASONS: Record<Anomaly, string> = {
  [ANOMALIES.impossible]: 'projection refusée par la base : une intervention est nécessaire',
  [ANOMALIES.waiting]: 'projection en attente de la base (reprises sur minuteries durables)',
};

/** The running cases the case workflow marks with the SiamoAnomalie search attribute, the refused ones first. */
export async function listStuckCases(temporal: Client): Promise<StuckCase[]> {
  return (await listCaseAnomalies(temporal)).map((c) => ({
    caseId: c.caseId,
    anomaly: c.anomaly,
    runStartedAt: c.runStartedAt,
    reason: REASONS[c.anomaly],
  }));
}
