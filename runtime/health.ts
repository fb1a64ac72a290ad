import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/client.ts';
import { type AnomalyCounts, countCaseAnomalies } from '../services/case-anomalies.ts';
import { bounded } from '../services/supervision/health.ts';

export interface HealthReport extends Record<string, unknown> {
  ok: boolean;
  base: 'ok' | 'indisponible';
  temporal: 'ok' | 'indisponible';
  worker: string;
  dossiersEnCours: number | null;
  /** Running cases whose projection waits for the database or is refused by it; null if Temporal cannot tell. */
  dossiersBloques: AnomalyCounts | null;
}

/**
 * What `/sante` answers: healthy when the database, Temporal and the worker answer and no running case
 * is kept from recording what it does — such a case is a fault to see even when every service is up.
 * Each check is bounded like supervision's: a database that hangs makes `/sante` answer 503, not hang.
 */
export async function checkHealth(parts: {
  prisma: PrismaClient;
  temporal: Client;
  /** Absent in a process that runs the API only (SIAMO_ROLE=api): its workers run elsewhere. */
  workerState?: () => string;
}): Promise<HealthReport> {
  const [database, workflowService, anomalies] = await Promise.allSettled([
    bounded(parts.prisma.case.count({ where: { terminal: false } })),
    bounded(parts.temporal.connection.workflowService.getSystemInfo({})),
    bounded(countCaseAnomalies(parts.temporal)),
  ]);
  const blocked = anomalies.status === 'fulfilled' ? anomalies.value : null;
  const worker = parts.workerState?.() ?? 'autre processus';
  return {
    ok:
      database.status === 'fulfilled' &&
      workflowService.status === 'fulfilled' &&
      (parts.workerState === undefined || worker === 'RUNNING') &&
      blocked !== null &&
      blocked.enAttente + blocked.impossible === 0,
    base: database.status === 'fulfilled' ? 'ok' : 'indisponible',
    temporal: workflowService.status === 'fulfilled' ? 'ok' : 'indisponible',
    worker,
    dossiersEnCours: database.status === 'fulfilled' ? database.value : null,
    dossiersBloques: blocked,
  };
}
