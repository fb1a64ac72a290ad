import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../prisma/client.ts';
import { deliverMail, MailDeliveryError } from '../services/mail/deliver.ts';
import type { MailSettings } from '../services/mail/settings.ts';

/**
 * Delivers recorded mails from inside an activity, one after the other. A mail that fails does not
 * hold back the others; the activity then fails so that Temporal retries it with backoff, and the
 * mails already sent are skipped on the retry. On the activity's last attempt a failing mail is
 * marked `echec`, so that nothing is left looking as if it might still go.
 */
export async function deliverMails(
  prisma: PrismaClient,
  mail: MailSettings,
  mailIds: readonly bigint[],
): Promise<void> {
  const context = activityContext();
  const maximumAttempts = context?.info.retryPolicy?.maximumAttempts;
  // Unlimited attempts (0 or none) never reach a last one.
  const lastAttempt = context !== undefined && !!maximumAttempts && context.info.attempt >= maximumAttempts;
  const failures: Error[] = [];
  for (const id of mailIds) {
    // A cancelled attempt (worker shutting down, attempt timed out) stops before taking another mail.
    if (context?.cancellationSignal.aborted) throw ApplicationFailure.retryable('Envoi interrompu', 'interrompu');
    context?.heartbeat();
    try {
      await deliverMail(prisma, mail, id, { lastAttempt });
    } catch (error) {
      failures.push(error as Error);
    }
  }
  if (failures.length === 0) return;
  const message = `${failures.length} courriel(s) non envoyé(s) : ${failures.map((f) => f.message).join(' ; ')}`;
  if (failures.every((f) => f instanceof MailDeliveryError && f.permanent))
    throw ApplicationFailure.nonRetryable(message, 'courriel_refuse');
  throw ApplicationFailure.retryable(message, 'courriel_non_envoye');
}

/** The running activity's context; undefined when called directly (a test, an operator's resend). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
