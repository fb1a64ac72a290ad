import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { SENEGAL_TIME_ZONE } from '../processes/calendar.ts';

/**
 * Creates, or brings up to date, a Temporal Schedule that starts `workflowType` once a day at
 * `hour:minute`, Dakar time: a missed day (server down) is caught up within a week, and two runs never
 * overlap. The run's workflow id is the schedule's. Safe to call at every start, from every instance.
 */
export async function ensureDailySchedule(
  client: Client,
  options: { scheduleId: string; workflowType: string; taskQueue: string; hour: number; minute: number },
): Promise<void> {
  const { scheduleId } = options;
  const spec = { calendars: [{ hour: options.hour, minute: options.minute }], timezone: SENEGAL_TIME_ZONE };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: options.workflowType,
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
