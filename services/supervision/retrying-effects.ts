import type { Client } from '@temporalio/client';

/** An activity of a running case retried after a failure, as Temporal describes it. */
export type RetryingActivity = { caseId: string; activity: string; attempt: number; lastFailure: string | null };

export type RetryingScan = { examined: number; running: number; activities: RetryingActivity[] };

/** Describing is one call per case: the scan stops there, and says how many it looked at. */
const SCAN_LIMIT = 500;
const CONCURRENCY = 8;

/**
 * The running cases' activities that have failed at least once and wait for their next try (effects:
 * mail, documents, linked cases). Only the failure's type is shown: its message may hold input values.
 */
export async function listRetryingActivities(temporal: Client): Promise<RetryingScan> {
  const ids: string[] = [];
  let running = 0;
  for await (const execution of temporal.workflow.list({
    query: "WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running'",
  })) {
    running++;
    if (ids.length < SCAN_LIMIT) ids.push(execution.workflowId);
  }
  const activities: RetryingActivity[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const caseId = ids[next++] as string;
      const description = await temporal.workflow
        .getHandle(caseId)
        .describe()
        .catch(() => null);
      for (const pending of description?.raw.pendingActivities ?? []) {
        const attempt = pending.attempt ?? 1;
        if (attempt < 2 && !pending.lastFailure) continue;
        const failure = pending.lastFailure;
        activities.push({
          caseId,
          activity: pending.activityType?.name ?? 'inconnue',
          attempt,
          lastFailure: failure?.applicationFailureInfo?.type || (failure ? 'erreur' : null),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  activities.sort((a, b) => b.attempt - a.attempt || a.caseId.localeCompare(b.caseId));
  return { examined: ids.length, running, activities };
}
