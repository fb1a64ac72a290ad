import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RefusalDetails } from '../workflows/types.ts';
import { isErrorCode, SiamoError } from './errors.ts';

/** Turns what Temporal reports about a refused or impossible update into a SiamoError, or rethrows. */
export function toSiamoError(error: unknown, caseId: string): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    if (isErrorCode(failure.type)) {
      const details = (failure.details?.[0] ?? {}) as RefusalDetails;
      throw new SiamoError(failure.type, failure.message, details.fieldErrors);
    }
  }
  // Temporal reports an update to a finished workflow as a WorkflowNotFoundError with this message:
  // the case exists, it is closed.
  if (error instanceof Error && /workflow execution already completed/i.test(error.message)) {
    throw new SiamoError('non_autorise', `Le dossier « ${caseId} » est clos : aucune action n’est plus possible.`);
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new SiamoError('introuvable', `Le dossier « ${caseId} » est introuvable.`);
  }
  throw error;
}
