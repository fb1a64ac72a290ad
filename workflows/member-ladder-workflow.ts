import { proxyActivities } from '@temporalio/workflow';
import { dakarDay } from '../processes/calendar.ts';
import type { MemberLadderActivities } from '../services/quote-parts/member-ladder-effects.ts';

// The members' reminder ladders, opened once a day for every IPM (the
// `siamo-relances-quote-parts-quotidiennes` Temporal Schedule): one set-based activity finds the
// participants with an overdue unpaid debt and no open ladder and opens one case each
// (services/quote-parts/member-ladder-cases.ts). A day and a count only in its history.

const { openOverdueMemberLadders } = proxyActivities<MemberLadderActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/** `day`: the business day judged, today in Dakar by default (a test or a catch-up names another). */
export async function memberLadderWorkflow(input: { day?: string } = {}): Promise<{ day: string; opened: number }> {
  // The workflow's clock is its start time, replayed identically.
  const day = input.day ?? dakarDay(new Date());
  return { day, opened: await openOverdueMemberLadders({ day }) };
}
