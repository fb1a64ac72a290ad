import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../prisma/client.ts';
import { caseViewQuery } from '../../workflows/messages.ts';

/** What differs between Temporal's cases and the projection: empty lists when they agree. */
export type Reconciliation = {
  /** Workflows with no Case row. */
  missingInProjection: string[];
  /** Case rows with no workflow. */
  missingInTemporal: string[];
  /** Both exist, but not in the same state or at the same revision. */
  different: { caseId: string; temporal: string; projection: string }[];
};

/**
 * Compares every case workflow's own view (its `dossier.vue` query) with its Case row. A stand-in for
 * `npm run projections:rebuild`'s report, with the same question: does the projection miss anything?
 */
export async function reconcile(temporal: Client, prisma: PrismaClient): Promise<Reconciliation> {
  const views = new Map<string, { state: string; revision: number }>();
  for await (const execution of temporal.workflow.list({ query: "WorkflowType = 'caseWorkflow'" })) {
    const view = await temporal.workflow.getHandle(execution.workflowId).query(caseViewQuery, 'systeme');
    views.set(execution.workflowId, { state: view.state, revision: view.revision });
  }
  const rows = new Map(
    (await prisma.case.findMany({ select: { id: true, state: true, revision: true } })).map((r) => [r.id, r]),
  );
  const show = (c: { state: string; revision: number }) => `${c.state}@${c.revision}`;
  return {
    missingInProjection: [...views.keys()].filter((id) => !rows.has(id)).sort(),
    missingInTemporal: [...rows.keys()].filter((id) => !views.has(id)).sort(),
    different: [...views]
      .filter(([id, view]) => {
        const row = rows.get(id);
        return row && (row.state !== view.state || row.revision !== view.revision);
      })
      .map(([caseId, view]) => ({ caseId, temporal: show(view), projection: show(rows.get(caseId) as typeof view) })),
  };
}
