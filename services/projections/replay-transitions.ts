import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import {
  bundleWorkflowCode,
  type InjectedSinks,
  Worker,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../runtime/data-converter.ts';
import type { ProjectionCaptureSinks } from '../../workflows/projection-capture.ts';
import type { TransitionRecord } from '../../workflows/types.ts';

const WORKFLOWS = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const CAPTURE = fileURLToPath(new URL('../../workflows/projection-capture.ts', import.meta.url));

/** The case workflows with the capture interceptor: what the replay runs (webpack: a few seconds). */
export function bundleReplayWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS,
    workflowInterceptorModules: [CAPTURE],
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: {
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: console.warn,
      error: console.error,
      log: () => {},
    },
  });
}

export interface CaseRun {
  workflowId: string;
  runId: string;
}

export interface ReplayedCase {
  caseId: string;
  /** Every transition the case's runs made, one per revision, in order. */
  transitions: TransitionRecord[];
  /** Runs that could not be replayed (history unreadable, code that no longer replays it). */
  failures: { runId: string; message: string }[];
}

/**
 * Replays each run of the given cases from its history, fetched through the product's Temporal client
 * and decoded with its data converter (the payload codec: `siamoDataConverter`), and collects the transitions the
 * workflow code asks to project. Runs of one case (continue-as-new) are replayed one by one; each
 * carries its state in its input, so each gives the revisions it made.
 */
export async function replayTransitions(
  client: Client,
  runs: CaseRun[],
  options: { workflowBundle: WorkflowBundleOption; dataConverter: DataConverter },
): Promise<Map<string, ReplayedCase>> {
  const cases = new Map<string, ReplayedCase>();
  const caseOf = (caseId: string) => {
    let replayed = cases.get(caseId);
    if (!replayed) {
      replayed = { caseId, transitions: [], failures: [] };
      cases.set(caseId, replayed);
    }
    return replayed;
  };
  const byRevision = new Map<string, Map<number, TransitionRecord>>();
  const sinks: InjectedSinks<ProjectionCaptureSinks> = {
    projection: {
      transition: {
        fn: (info, record) => {
          const revisions = byRevision.get(info.workflowId) ?? new Map<number, TransitionRecord>();
          revisions.set(record.revision, record);
          byRevision.set(info.workflowId, revisions);
        },
        callDuringReplay: true,
      },
    },
  };
  const fetchFailures: { run: CaseRun; message: string }[] = [];
  async function* histories() {
    for (const run of runs) {
      caseOf(run.workflowId);
      try {
        const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
        yield { workflowId: run.workflowId, history };
      } catch (error) {
        fetchFailures.push({ run, message: (error as Error).message });
      }
    }
  }
  for await (const result of Worker.runReplayHistories(
    {
      workflowBundle: options.workflowBundle,
      sinks,
      dataConverter: options.dataConverter,
      replayName: 'reconstruction-projections',
    },
    histories(),
  )) {
    if (result.error) caseOf(result.workflowId).failures.push({ runId: result.runId, message: result.error.message });
  }
  for (const { run, message } of fetchFailures) caseOf(run.workflowId).failures.push({ runId: run.runId, message });
  for (const [caseId, revisions] of byRevision) {
    caseOf(caseId).transitions = [...revisions.values()].sort((a, b) => a.revision - b.revision);
  }
  return cases;
}
