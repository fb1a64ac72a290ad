import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DigestActivities } from '../activities/mail.ts';

// Gathering is a couple of queries; sending is a mail: both retried with backoff, and a digest that
// still fails after the last try is marked failed (by the activity) rather than blocking the others.
const { pendingDigestRecipients } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});
const { sendDigest } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 12 },
});

const PARALLEL = 5;

/**
 * One daily digest run, started by the `siamo-resume-quotidien` Temporal Schedule at DIGEST_HOUR,
 * Dakar time: one mail per person with notifications waiting for their digest.
 */
export async function digestWorkflow(): Promise<{ recipients: number; failed: number }> {
  // Unique per scheduled run (Temporal appends the scheduled time): the key of this run's digests.
  const runKey = workflowInfo().workflowId;
  const userIds = await pendingDigestRecipients();
  let failed = 0;
  for (let i = 0; i < userIds.length; i += PARALLEL) {
    const batch = userIds.slice(i, i + PARALLEL);
    const results = await Promise.allSettled(batch.map((userId) => sendDigest({ userId, runKey })));
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  return { recipients: userIds.length, failed };
}
