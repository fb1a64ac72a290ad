import { callsBatchKind } from '../recouvrement/calls-batch.ts';
import { referentialImportBatchKind } from '../referentials/import-batch.ts';
import type { BatchJobKind } from './job-kind.ts';
import { syntheticKind } from './synthetic-kind.ts';

/** Every kind of batch job the worker runs and the API may start: a domain adds its own here. */
export const BATCH_JOB_KINDS: readonly BatchJobKind[] = [syntheticKind, callsBatchKind, referentialImportBatchKind];

export function batchJobKind(name: string): BatchJobKind | undefined {
  return BATCH_JOB_KINDS.find((kind) => kind.name === name);
}
