import type { Client } from '@temporalio/client';
import { ensureDailySchedule } from '../daily-schedule.ts';

export const AGE_LIMIT_SCHEDULE_ID = 'siamo-limite-age-quotidienne';

/** The daily age-limit run (workflows/age-limit-workflow.ts), at 01:30 Dakar time by default. */
export const ensureAgeLimitSchedule = (
  client: Client,
  options: { taskQueue: string; hour?: number; scheduleId?: string },
): Promise<void> =>
  ensureDailySchedule(client, {
    scheduleId: options.scheduleId ?? AGE_LIMIT_SCHEDULE_ID,
    workflowType: 'ageLimitWorkflow',
    taskQueue: options.taskQueue,
    hour: options.hour ?? 1,
    minute: 30,
  });
