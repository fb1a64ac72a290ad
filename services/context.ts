import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/client.ts';
import type { DurationOverrides } from '../processes/calendar.ts';
import type { SettingValues } from '../processes/settings.ts';

/** What the case operations need: one object, built at start-up, handed to every call. */
export interface CaseServiceContext {
  temporal: Client;
  prisma: PrismaClient;
  taskQueue: string;
  durationOverrides: DurationOverrides;
  /** Configured values of the settings catalogue (`SIAMO_SETTINGS`); the others keep their defaults. */
  settingOverrides: SettingValues;
  /** Continue-as-new after this many transitions in one workflow run. */
  transitionsPerRun: number;
  /** How long startCase and sendEvent wait for the case to show an action (SIAMO_UPDATE_WAIT; default 20 s). */
  updateWaitMs?: number;
}
