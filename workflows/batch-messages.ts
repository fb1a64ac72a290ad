import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** What a batch workflow is given: ids and figures only, never personal data. */
export interface BatchWorkflowInput {
  batchId: string;
  kind: string;
  params: Record<string, unknown>;
  /** How many chunks run at once. */
  window: number;
  /** Chunks started in one run before continuing as new, so that the history stays small. */
  chunksPerRun: number;
  /** Set by a continue-as-new: where the previous run stood. */
  carried?: BatchCarried;
}

export interface BatchCarried {
  chunkCount: number;
  total: number;
  /** The next chunk never started. */
  cursor: number;
  done: number;
  failed: number;
  chunksDone: number;
  chunksFailed: number;
  /** Chunks started but not known finished: run again, they find themselves done and skip. */
  inFlight: number[];
  startedAtMs: number;
  cancelRequested: boolean;
}

export type BatchState = 'en_preparation' | 'en_cours' | 'termine' | 'annule' | 'echoue';

export interface BatchProgress {
  state: BatchState;
  total: number;
  done: number;
  failed: number;
  remaining: number;
  chunkCount: number;
  chunksDone: number;
  chunksFailed: number;
  inFlight: number;
  /** Records done or failed per second since the batch started. */
  ratePerSecond: number;
  cancelRequested: boolean;
}

export interface BatchPlan {
  total: number;
  chunkCount: number;
}

export interface ChunkRequest {
  batchId: string;
  kind: string;
  params: Record<string, unknown>;
  chunkIndex: number;
}

export interface ChunkOutcome {
  processed: number;
  failed: number;
  /** True when an earlier attempt had already applied the chunk: nothing was done again. */
  alreadyDone: boolean;
}

export interface BatchEnd {
  batchId: string;
  state: Extract<BatchState, 'termine' | 'annule' | 'echoue'>;
}

export const batchProgressQuery = defineQuery<BatchProgress>('lot.avancement');

/** Stops scheduling chunks; those in flight finish, and the batch ends as cancelled. */
export const cancelBatchUpdate = defineUpdate<BatchProgress>('lot.annuler');
