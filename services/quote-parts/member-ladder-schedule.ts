import type { Client } from '@temporalio/client';
import { ensureDailySchedule } from '../daily-schedule.ts';

export const MEMBER_LADDER_SCHEDULE_ID = 'siamo-relances-quote-parts-quotidiennes';

/** The daily run that opens the members' ladders (workflows/member-ladder-workflow.ts), at 02:00 Dakar time by default. */
export const ensureMemberLadderSchedule = (
  client: Client,
  options: { taskQueue: string; hour?: number; scheduleId?: string },
): Promise<void> =>
  ensureDailySchedule(client, {
    scheduleId: options.scheduleId ?? MEMBER_LADDER_SCHEDULE_ID,
    workflowType: 'memberLadderWorkflow',
    taskQueue: options.taskQueue,
    hour: options.hour ?? 2,
    minute: 0,
  });
