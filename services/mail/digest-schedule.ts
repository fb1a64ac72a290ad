import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { SENEGAL_TIME_ZONE } from '../../processes/calendar.ts';

export const DIGEST_SCHEDULE_ID = 'siamo-resume-quotidien';

/**
 * Creates, or brings up to date, the Temporal Schedule that runs the daily digest at `hour` o'clock,
 * Dakar time. Temporal keeps the schedule: a missed run (server down) is caught up within a day, and
 * two runs never overlap. Safe to call at every start, from every instance.
 */
export async function ensureDigestSchedule(
  client: Client,
  options: { taskQueue: string; hour: number; scheduleId?: string },
): Promise<void> {
  const scheduleId = options.scheduleId ?? DIGEST_SCHEDULE_ID;
  const spec = { calendars: [{ hour: options.hour, minute: 0 }], timezone: SENEGAL_TIME_ZONE };
  // Each run's workflow id gets the scheduled time appended by Temporal: it names the run's digests.
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'digestWorkflow',
    taskQueue: options.taskQueue,
    args: [],
    workflowId: scheduleId,
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
