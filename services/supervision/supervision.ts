import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../prisma/client.ts';
import { type LastBackup, readLastBackup } from '../backups/last-backup.ts';
import { type FailedEffects, readFailedEffects } from './failed-effects.ts';
import { checkHealth, type Health, type MailCheck } from './health.ts';
import { type MailOutbox, readMailOutbox } from './mail-outbox.ts';
import { listRetryingActivities, type RetryingScan } from './retrying-effects.ts';
import { countRunningCases, databaseSize, type RunningCount } from './running-cases.ts';
import { readSignInAlerts, type SignInAlerts } from './sign-in-alerts.ts';
import { listStuckCases, type StuckCase } from './stuck-cases.ts';

export type Supervision = {
  at: Date;
  health: Health;
  databaseBytes: number | null;
  running: RunningCount[];
  stuck: StuckCase[] | null;
  retrying: RetryingScan | null;
  failedEffects: FailedEffects;
  mail: MailOutbox;
  lastBackup: LastBackup | null;
  signIns: SignInAlerts;
};

/**
 * What an administrator checks to know the platform is well: each part's health, the database's size,
 * the open cases, what is stuck or retrying, failed effects and mail, the last backup, the sign-in alerts. A part
 * that does not answer leaves its section empty (null) rather than failing the whole page.
 */
export async function readSupervision(deps: {
  temporal: Client;
  prisma: PrismaClient;
  dataDir: string;
  lockDurationMs: number;
  mailCheck?: MailCheck;
}): Promise<Supervision> {
  const at = new Date();
  const [health, databaseBytes, running, stuck, retrying, failedEffects, mail, lastBackup, signIns] = await Promise.all(
    [
      checkHealth(deps),
      databaseSize(deps.prisma).catch(() => null),
      countRunningCases(deps.prisma),
      listStuckCases(deps.temporal).catch(() => null),
      listRetryingActivities(deps.temporal).catch(() => null),
      readFailedEffects(deps.prisma),
      readMailOutbox(deps.prisma),
      readLastBackup(deps.dataDir).catch(() => null),
      readSignInAlerts(deps.prisma, deps.lockDurationMs, at),
    ],
  );
  return { at, health, databaseBytes, running, stuck, retrying, failedEffects, mail, lastBackup, signIns };
}
