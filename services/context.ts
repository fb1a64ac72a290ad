import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/client.ts';
import type { DurationOverrides } from '../processes/durations.ts';

/** What the case operations need: one object, built at start-up, handed to every call. */
export interface CaseServiceContext {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
  durationOverrides: DurationOverrides;
  /** Continue-as-new after this many transitions in one workflow run. */
  transitionsPerRun: number;
}
