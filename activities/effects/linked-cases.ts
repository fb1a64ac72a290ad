import { ApplicationFailure } from '@temporalio/common';
import type { CaseServiceContext } from '../../services/context.ts';
import { SiamoError } from '../../services/errors.ts';
import { toSiamoError } from '../../services/temporal-errors.ts';
import { linkedEventUpdate } from '../../workflows/messages.ts';
import type { LinkedEventRequest } from '../../workflows/types.ts';

/** The case services an effect on linked cases needs; a worker without them refuses it for good. */
export function requireCases(deps: { cases?: CaseServiceContext }): CaseServiceContext {
  if (!deps.cases)
    throw ApplicationFailure.nonRetryable(
      'Les dossiers liés ne sont pas configurés sur ce worker (services des dossiers absents).',
      'dossiers_lies_non_configures',
    );
  return deps.cases;
}

/** `{ target: sourceField }` read from a case's data; empty source fields are left out. */
export function fieldsOf(context: unknown, mapping: unknown): Record<string, unknown> {
  const data = (context ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [target, source] of Object.entries((mapping ?? {}) as Record<string, string>)) {
    const value = data[source];
    if (value !== undefined && value !== null && value !== '') fields[target] = value;
  }
  return fields;
}

/**
 * Sends an event to a linked case under `updateId` (the effect's key: a retry lands once). The case's
 * refusal comes back as a SiamoError.
 */
export async function sendLinkedEvent(
  cases: CaseServiceContext,
  caseId: string,
  request: LinkedEventRequest,
  updateId: string,
): Promise<void> {
  await cases.temporal.workflow
    .getHandle(caseId)
    .executeUpdate(linkedEventUpdate, { args: [request], updateId })
    .catch((error: unknown) => toSiamoError(error, caseId));
}

/** A refusal by a case (the definitions do not fit, the case moved on) will not mend by retrying. */
export async function finalOnRefusal<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SiamoError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}
