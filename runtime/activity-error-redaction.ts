import { ApplicationFailure, CancelledFailure, CompleteAsyncError } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { errorSummary } from '../services/error-summary.ts';

/**
 * Siamo's activities fail with `ApplicationFailure`s whose messages are written not to hold personal
 * data. Any other error (a database driver's, a library's) may quote the values it was given; the
 * worker logs it and Temporal keeps it, so it leaves the activity as its kind and code only — same
 * type, same retries.
 */
export class ActivityErrorRedaction implements ActivityInboundCallsInterceptor {
  constructor(private readonly activityType: string) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
    try {
      return await next(input);
    } catch (error) {
      const passThrough =
        !(error instanceof Error) ||
        error instanceof ApplicationFailure ||
        error instanceof CancelledFailure ||
        error instanceof CompleteAsyncError ||
        error.name === 'AbortError';
      if (passThrough) throw error;
      const summary = errorSummary(error);
      const failure = ApplicationFailure.create({
        type: error.name,
        message: `Erreur ${summary.type}${summary.code ? ` (${summary.code})` : ''} dans l’activité ${this.activityType} (détail masqué : il peut citer des données saisies).`,
      });
      if (summary.at)
        failure.stack = `${failure.name}: ${failure.message}\n    at ${summary.at.split(' | ').join('\n    at ')}`;
      throw failure;
    }
  }
}
