import type { Client } from '@temporalio/client';
import { ANOMALIES, ANOMALY } from '../workflows/search-attributes.ts';

// The running cases whose workflow cannot record what it does: found through the anomaly search
// attribute the case workflow sets, so that no case retries unseen.

export type Anomaly = (typeof ANOMALIES)[keyof typeof ANOMALIES];

export interface AnomalyCounts {
  /** The database is away for these cases: their workflow retries on durable timers. */
  enAttente: number;
  /** The database refuses their projection for good: an administrator must act. */
  impossible: number;
}

const running = (anomaly: Anomaly) => `${ANOMALY.name} = '${anomaly}' AND ExecutionStatus = 'Running'`;

export async function countCaseAnomalies(temporal: Client): Promise<AnomalyCounts> {
  const [waiting, impossible] = await Promise.all([
    temporal.workflow.count(running(ANOMALIES.waiting)),
    temporal.workflow.count(running(ANOMALIES.impossible)),
  ]);
  return { enAttente: waiting.count, impossible: impossible.count };
}

export interface CaseAnomaly {
  caseId: string;
  anomaly: Anomaly;
  /** When the workflow's current run started (the anomaly came later). */
  runStartedAt: Date;
}

/** The running cases with an anomaly, the impossible ones first, at most `limit`. */
export async function listCaseAnomalies(temporal: Client, limit = 100): Promise<CaseAnomaly[]> {
  const found: CaseAnomaly[] = [];
  for (const anomaly of [ANOMALIES.impossible, ANOMALIES.waiting]) {
    for await (const execution of temporal.workflow.list({ query: running(anomaly), pageSize: limit })) {
      if (found.length >= limit) return found;
      found.push({ caseId: execution.workflowId, anomaly, runStartedAt: execution.startTime });
    }
  }
  return found;
}
