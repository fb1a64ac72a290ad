import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, WorkflowUpdateStage } from '@temporalio/client';
import { unsafeTexts } from '../processes/text-safety.ts';
import { sendEventUpdate } from '../workflows/messages.ts';
import type { SendEventRequest, TransitionResult } from '../workflows/types.ts';
import { boundedUpdate, DEFAULT_UPDATE_WAIT_MS } from './bounded-update.ts';
import type { CaseServiceContext } from './context.ts';
import { SiamoError } from './errors.ts';
import { recordedAnswer } from './recorded-answer.ts';
import { toSiamoError } from './temporal-errors.ts';

export interface SendEventOptions extends SendEventRequest {
  caseId: string;
  /**
   * Makes a retried request (same id) land once, with its first answer: within a run Temporal
   * deduplicates updates by id, across runs the case remembers its recent ids, and once the case is
   * closed its audit trail answers. Give one per user action, e.g. generated when the form is shown.
   */
  requestId?: string;
}

const RETRIES = 5;

/**
 * Sends an event to a case and returns the transition's outcome (state, revision, dates, the events
 * the sender may send next). Refused events (wrong state, role or input, a guard, a stale revision)
 * throw a SiamoError and leave the case unchanged. When this returns, the projection already shows the
 * transition and the results of its awaited effects (documents, linked cases); `pendingEffects` names
 * any still running. Past the configured wait (`updateWaitMs`) it throws a PendingError instead of
 * waiting on: the action is accepted but not shown yet, or not confirmed.
 */
export async function sendEvent(
  ctx: Pick<CaseServiceContext, 'temporal' | 'prisma' | 'updateWaitMs'>,
  options: SendEventOptions,
): Promise<TransitionResult> {
  const { caseId, requestId = randomUUID(), ...request } = options;
  // Also refused by the case's own validator; checked here first so that such text never travels.
  const unsafe = unsafeTexts({ input: request.input ?? {}, requestId });
  if (Object.keys(unsafe).length > 0) {
    const fieldErrors = Object.fromEntries(
      Object.entries(unsafe).map(([path, problem]) => [path.replace(/^input\./, ''), `Ce champ ${problem}`]),
    );
    throw new SiamoError(
      'saisie_invalide',
      'La saisie contient un caractère qui ne peut pas être enregistré.',
      fieldErrors,
    );
  }
  const handle = ctx.temporal.workflow.getHandle(caseId);
  const deadline = Date.now() + (ctx.updateWaitMs ?? DEFAULT_UPDATE_WAIT_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      return await boundedUpdate(ctx.temporal, caseId, deadline, () =>
        handle.startUpdate(sendEventUpdate, {
          args: [request],
          updateId: requestId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
    } catch (error) {
      // An update that reaches a case at the very moment its run continues as new is turned away
      // before it is accepted: nothing was applied, and the same update id makes the retry safe.
      if (attempt < RETRIES && isTurnedAwayByContinueAsNew(error)) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        continue;
      }
      // A closed case's workflow no longer answers: a request it took is answered from the audit trail.
      if (isClosedCase(error)) {
        const recorded = await recordedAnswer(ctx.prisma, caseId, requestId);
        if (recorded) return recorded;
      }
      return toSiamoError(error, caseId);
    }
  }
}

const isClosedCase = (error: unknown): boolean =>
  error instanceof Error && /workflow execution already completed/i.test(error.message);

function isTurnedAwayByContinueAsNew(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return isGrpcServiceError(cause) && cause.code === 9 && /unexpected workflow task failure/i.test(cause.details);
}
