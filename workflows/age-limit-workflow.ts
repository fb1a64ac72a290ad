import { proxyActivities } from '@temporalio/workflow';
import { type DayKey, dakarDay } from '../processes/calendar.ts';
import type { AgeLimitActivities } from '../services/enrolment/age-limit-activities.ts';

// The children's age limit, once a day for every IPM (the `siamo-limite-age-quotidienne` Temporal
// Schedule): one run finds in SQL the children whose rights end and those whose family must be told,
// and works through them a chunk at a time (services/enrolment/age-limits.ts) — never one workflow
// per child. Ids and days only in its history.

const { endAgeLimitRights, recordAgeLimitNotices } = proxyActivities<AgeLimitActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});
const { deliverAgeLimitMails } = proxyActivities<AgeLimitActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 12 },
});

export interface AgeLimitRun {
  day: DayKey;
  ended: number;
  noticed: number;
  mails: number;
}

/** `day`: the business day judged, today in Dakar by default (a test or a catch-up names another). */
export async function ageLimitWorkflow(input: { day?: DayKey } = {}): Promise<AgeLimitRun> {
  // The workflow's clock is its start time, replayed identically.
  const day = input.day ?? dakarDay(new Date());
  const ended = await endAgeLimitRights({ day });
  let noticed = 0;
  let mails = 0;
  for (;;) {
    const chunk = await recordAgeLimitNotices({ day });
    noticed += chunk.noticed;
    mails += chunk.mailIds.length;
    // A mail that fails for good is marked `echec` by the delivery: the run goes on with the others.
    if (chunk.mailIds.length > 0) await deliverAgeLimitMails({ mailIds: chunk.mailIds }).catch(() => undefined);
    if (!chunk.more) break;
  }
  return { day, ended, noticed, mails };
}
