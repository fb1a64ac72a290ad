import { sendEventUpdate } from '../workflows/messages.ts';
import type { CaseView, SendEventRequest } from '../workflows/types.ts';
import type { CaseServiceContext } from './context.ts';
import { toSiamoError } from './temporal-errors.ts';

export interface SendEventOptions extends SendEventRequest {
  caseId: string;
  /**
   * Makes a retried request (same id) land once: Temporal deduplicates updates by id. Give one per
   * user action, e.g. generated when the form is shown.
   */
  requestId?: string;
}

/**
 * Sends an event to a case and returns the case after it. Refused events (wrong state, role or input,
 * a guard, a stale revision) throw a SiamoError and leave the case unchanged. When this returns, the
 * projection already shows the transition.
 */
export async function sendEvent(ctx: Pick<CaseServiceContext, 'temporal'>, options: SendEventOptions): Promise<CaseView> {
  const { caseId, requestId, ...request } = options;
  const handle = ctx.temporal.workflow.getHandle(caseId);
  return handle
    .executeUpdate(sendEventUpdate, { args: [request], ...(requestId ? { updateId: requestId } : {}) })
    .catch((error) => toSiamoError(error, caseId));
}
