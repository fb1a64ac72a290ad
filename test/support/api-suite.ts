import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { ActivityDependencies } from '../../activities/index.ts';
import { createProjectionPool } from '../../activities/projection-pool.ts';
import type { SettingValues } from '../../processes/settings.ts';
import type { AuthSettings } from '../../services/auth/settings.ts';
import type { IdentityRegister } from '../../services/enrolment/identity/identity-register.ts';
import type { MailSettings } from '../../services/mail/settings.ts';
import type { DataKeys } from '../../services/personal-data/data-keys.ts';
import { type ApiServer, startApi } from './api.ts';
import { createTestDatabase } from './database.ts';
import { createHarness, type Harness } from './harness.ts';
import { createPeople, type People } from './people.ts';

export interface ApiSuite {
  h: Harness;
  api: ApiServer;
  people: People;
  close(): Promise<void>;
}

/**
 * What an API suite needs: a database of its own (its people must not receive the notifications of
 * other suites' cases, nor be counted by them), a worker, the API on a free port, and its people.
 */
export async function createApiSuite(
  options: {
    auth?: Partial<AuthSettings>;
    introspection?: boolean;
    uploadMaxBytes?: number;
    durationOverrides?: Record<string, string>;
    settingOverrides?: SettingValues;
    /** The worker's activity dependencies besides `prisma` (default: mail that goes nowhere). */
    dependencies?: Omit<ActivityDependencies, 'prisma'>;
    /** Workflow code of the suite's own (see createHarness). */
    bundle?: WorkflowBundleOption;
    mailCheck?: () => Promise<unknown>;
    temporal?: { address: string; namespace: string };
    /** Origins of Temporal web UIs the codec endpoint answers from a browser. */
    codecOrigins?: string[];
    /** The personal data keys (the rights check by NIN). */
    dataKeys?: DataKeys;
    /** The API's own mail (the rights checks' alerts, a member's invitation). */
    mail?: MailSettings;
    /** The identity register hires and imports are checked against; none by default. */
    identity?: IdentityRegister;
  } = {},
): Promise<ApiSuite> {
  const database = await createTestDatabase();
  // One data folder for the worker and the API: generated documents download like uploaded ones.
  const ownDataDir = options.dependencies?.dataDir === undefined;
  const dataDir = options.dependencies?.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'siamo-suite-'));
  const h = await createHarness({
    databaseUrl: database.url,
    durationOverrides: options.durationOverrides,
    settingOverrides: options.settingOverrides,
    dependencies: { ...options.dependencies, dataDir },
    bundle: options.bundle,
    temporal: options.temporal,
  });
  // The rights check's own plain pool, as `npm start` gives it on a PostgreSQL server.
  const checkDb = database.embedded ? undefined : createProjectionPool(database.url, 4);
  const api = await startApi(h, { ...options, dataDir, checkDb });
  const people = await createPeople(h.prisma);
  return {
    h,
    api,
    people,
    close: async () => {
      await api.close();
      await checkDb?.end();
      await h.close();
      await database.drop();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
