import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { SENEGAL_TIME_ZONE } from '../../processes/calendar.ts';

export const MEMBER_LADDER_SCHEDULE_ID = 'siamo-relances-quote-parts-quotidiennes';

/**
 * Creates, or brings up to date, the Temporal Schedule of the daily run that opens the members'
 * ladders (workflows/member-ladder-workflow.ts) at `hour` o'clock, Dakar time: a missed day is caught
 * up within a week, and two runs never overlap. Safe to call at every start, from every instance.
 */
export async function ensureMemberLadderSchedule(
  client: Client,
  options: { taskQueue: string; hour?: number; scheduleId?: string },
): Promise<void> {
  const scheduleId = options.scheduleId ?? MEMBER_LADDER_SCHEDULE_ID;
  const spec = { calendars: [{ hour: options.hour ?? 2, minute: 0 }], timezone: SENEGAL_TIME_ZONE };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'memberLadderWorkflow',
    taskQueue: options.taskQueue,
    args: [{}],
    workflowId: scheduleId,
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
