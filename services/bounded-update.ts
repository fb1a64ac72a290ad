import { type Client, isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { PendingError } from './errors.ts';

/** How long a caller waits for a case to take an action and show it, unless configured (SIAMO_UPDATE_WAIT). */
export const DEFAULT_UPDATE_WAIT_MS = 20_000;

/** An update started up to its `ACCEPTED` stage: from then on it is in the case's history. */
export interface AcceptedUpdate<T> {
  result(): Promise<T>;
}

/**
 * Runs an update with a bounded wait. A case's update completes once its projection is written; while
 * the database is away the workflow keeps retrying that write, and an unbounded wait would hang the
 * caller (and its HTTP request) for as long. Past `deadline` the caller gets a PendingError saying which
 * stage was reached: accepted (the case holds the action; its display follows when the database is
 * back) or not confirmed (the same request id may be sent again: it lands once).
 */
export async function boundedUpdate<T>(
  client: Client,
  caseId: string,
  deadline: number,
  start: () => Promise<AcceptedUpdate<T>>,
): Promise<T> {
  let accepted = false;
  for (;;) {
    try {
      // Every call in this scope carries the deadline, the update's long polls included.
      return await client.withDeadline(deadline, async () => {
        const update = await start();
        accepted = true;
        return await update.result();
      });
    } catch (error) {
      // Temporal restarting: the same update id sent again is the same update (it lands once), and an
      // update it had accepted is still known after the restart.
      if (hasStatus(error, UNAVAILABLE) && Date.now() + RETRY_PAUSE_MS < deadline) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        continue;
      }
      if (!isTimeout(error)) throw error;
      throw accepted ? PendingError.displayPending(caseId) : PendingError.notConfirmed(caseId);
    }
  }
}

const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;
const RETRY_PAUSE_MS = 500;

function hasStatus(error: unknown, code: number): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return [error, cause].some((e) => isGrpcServiceError(e) && e.code === code);
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    hasStatus(error, DEADLINE_EXCEEDED) ||
    // Still unreachable when the wait ran out.
    hasStatus(error, UNAVAILABLE)
  );
}
