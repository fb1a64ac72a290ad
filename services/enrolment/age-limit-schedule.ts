import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { SENEGAL_TIME_ZONE } from '../../processes/calendar.ts';

export const AGE_LIMIT_SCHEDULE_ID = 'siamo-limite-age-quotidienne';

/**
 * Creates, or brings up to date, the Temporal Schedule of the daily age-limit run at `hour` o'clock,
 * Dakar time: a missed day (server down) is caught up within a week, and two runs never overlap.
 * Safe to call at every start, from every instance.
 */
export async function ensureAgeLimitSchedule(
  client: Client,
  options: { taskQueue: string; hour?: number; scheduleId?: string },
): Promise<void> {
  const scheduleId = options.scheduleId ?? AGE_LIMIT_SCHEDULE_ID;
  const spec = { calendars: [{ hour: options.hour ?? 1, minute: 30 }], timezone: SENEGAL_TIME_ZONE };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'ageLimitWorkflow',
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
