import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { BatchActivities } from '../activities/batch.ts';
import {
  type BatchCarried,
  type BatchProgress,
  type BatchWorkflowInput,
  batchProgressQuery,
  cancelBatchUpdate,
} from './batch-messages.ts';

// A sliding window of chunk activities (after Temporal's batch-sliding-window sample, with
// activities rather than child workflows: a chunk is one PostgreSQL transaction, it needs no
// history of its own). Chunks are applied at most once by the database (BatchChunk), so this code
// only has to make sure that each is started until one attempt reports it.

const { planBatch, finishBatch } = proxyActivities<BatchActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { runBatchChunk } = proxyActivities<BatchActivities>({
  // A chunk heartbeats as it goes: a killed worker is noticed within the heartbeat timeout, and
  // the chunk runs again elsewhere.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 20 },
});

export async function batchWorkflow(input: BatchWorkflowInput): Promise<BatchProgress> {
  const s: BatchCarried = input.carried ?? {
    chunkCount: 0,
    total: 0,
    cursor: 0,
    done: 0,
    failed: 0,
    chunksDone: 0,
    chunksFailed: 0,
    inFlight: [],
    startedAtMs: Date.now(),
    cancelRequested: false,
  };
  const inFlight = new Set<number>();
  let planned = input.carried !== undefined;

  const progress = (): BatchProgress => {
    const elapsed = Math.max(0.001, (Date.now() - s.startedAtMs) / 1000);
    const finished = planned && inFlight.size === 0 && (s.cancelRequested || s.cursor >= s.chunkCount);
    return {
      state: !planned ? 'en_preparation' : !finished ? 'en_cours' : s.cancelRequested ? 'annule' : 'termine',
      total: s.total,
      done: s.done,
      failed: s.failed,
      remaining: Math.max(0, s.total - s.done - s.failed),
      chunkCount: s.chunkCount,
      chunksDone: s.chunksDone,
      chunksFailed: s.chunksFailed,
      inFlight: inFlight.size,
      ratePerSecond: Math.round((s.done + s.failed) / elapsed),
      cancelRequested: s.cancelRequested,
    };
  };
  setHandler(batchProgressQuery, progress);
  setHandler(cancelBatchUpdate, () => {
    s.cancelRequested = true;
    return progress();
  });

  if (!planned) {
    const plan = await planBatch({ batchId: input.batchId, kind: input.kind, params: input.params });
    s.total = plan.total;
    s.chunkCount = plan.chunkCount;
    // The rate is the chunks' own: preparing a million records would otherwise weigh on it for long.
    s.startedAtMs = Date.now();
    planned = true;
  }

  let startedThisRun = 0;
  const start = (chunkIndex: number) => {
    inFlight.add(chunkIndex);
    startedThisRun += 1;
    runBatchChunk({ batchId: input.batchId, kind: input.kind, params: input.params, chunkIndex }).then(
      (outcome) => {
        s.done += outcome.processed;
        s.failed += outcome.failed;
        s.chunksDone += 1;
        inFlight.delete(chunkIndex);
      },
      () => {
        // Out of retries: its records stay unapplied (the chunk is not recorded done) and the batch
        // ends as failed, naming how many chunks did not pass.
        s.chunksFailed += 1;
        inFlight.delete(chunkIndex);
      },
    );
  };

  // Chunks the previous run had started come first: each either finds itself done or does its work.
  for (const chunkIndex of s.inFlight) start(chunkIndex);
  s.inFlight = [];

  for (;;) {
    while (
      !s.cancelRequested &&
      inFlight.size < input.window &&
      s.cursor < s.chunkCount &&
      startedThisRun < input.chunksPerRun
    ) {
      start(s.cursor);
      s.cursor += 1;
    }
    const nothingLeft = s.cancelRequested || s.cursor >= s.chunkCount;
    if (nothingLeft && inFlight.size === 0) break;
    if (!nothingLeft && (startedThisRun >= input.chunksPerRun || workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof batchWorkflow>({ ...input, carried: { ...s, inFlight: [...inFlight] } });
    }
    const running = inFlight.size;
    const cancelBefore = s.cancelRequested;
    await condition(() => inFlight.size < running || s.cancelRequested !== cancelBefore);
  }

  const end = progress();
  const state = s.cancelRequested ? 'annule' : s.chunksFailed > 0 ? 'echoue' : 'termine';
  await finishBatch({ batchId: input.batchId, state });
  await condition(allHandlersFinished);
  return { ...end, state };
}
