import { ERROR_FIELDS, graphql } from './api.ts';

// What the batch pages read of a batch, through the API with the user's own session.

export interface BatchFigures {
  id: string;
  label: string;
  state: string;
  total: number;
  done: number;
  failed: number;
  remaining: number;
  chunkCount: number;
  chunksDone: number;
  ratePerSecond: number;
  cancelRequested: boolean;
  startedAt: string;
  finishedAt: string | null;
}

export const BATCH_FIELDS =
  'id label state total done failed remaining chunkCount chunksDone ratePerSecond cancelRequested startedAt finishedAt';

/** The batch, or the API's French reason why not (none such, or not for this person). */
export async function loadBatch(session: string | undefined, id: string): Promise<BatchFigures | string> {
  const { data } = await graphql<{ batch: BatchFigures & { __typename: string; message?: string } }>(
    session,
    `query ($id: ID!) { batch(id: $id) { __typename ... on Batch { ${BATCH_FIELDS} } ${ERROR_FIELDS} } }`,
    { id },
  );
  return data.batch.__typename === 'Batch' ? data.batch : (data.batch.message ?? 'Lot introuvable.');
}
