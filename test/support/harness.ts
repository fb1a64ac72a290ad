import { randomInt, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, Runtime, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { inject } from 'vitest';
import type { ActivityDependencies } from '../../activities/index.ts';
import { createPrisma, type PrismaClient } from '../../prisma/client.ts';
import type { DurationOverrides } from '../../processes/calendar.ts';
import { DEFINITIONS } from '../../processes/registry.ts';
import type { SettingValues } from '../../processes/settings.ts';
import { createCaseWorker } from '../../runtime/worker.ts';
import type { CaseServiceContext } from '../../services/context.ts';
import { deployDefinitions } from '../../services/deploy-definitions.ts';
import type { KeyRing } from '../../services/personal-data/key-ring.ts';
import { TEST_PAYLOAD_KEYS, testDataConverter } from './payload-keys.ts';

export interface Harness {
  ctx: CaseServiceContext;
  prisma: PrismaClient;
  /** The payload keys of this harness's client and worker, and their data converter: any other
   * client or worker on its task queue needs the same. */
  payloadKeys: KeyRing;
  dataConverter: DataConverter;
  /** Starts a worker on this harness's task queue; stop it with `stopWorker`. */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

// Worker lifecycle chatter would bury the test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by another suite.
}

// Mail that goes nowhere, for suites that do not look at it: notifications are still recorded.
export const NO_MAIL = {
  transport: nodemailer.createTransport({ jsonTransport: true }),
  from: 'Siamo <ne-pas-repondre@siamo.test>',
  publicUrl: 'http://siamo.test',
};

/** A case service context on the shared test server and database, with its own task queue and worker. */
export async function createHarness(
  options: {
    durationOverrides?: DurationOverrides;
    settingOverrides?: SettingValues;
    transitionsPerRun?: number;
    /** A database of the suite's own (e.g. when it creates users other suites must not notify). */
    databaseUrl?: string;
    /** How long startCase and sendEvent wait for the case to show an action (default: the services'). */
    updateWaitMs?: number;
    /** The worker's activity dependencies besides `prisma` (default: mail that goes nowhere). */
    dependencies?: Omit<ActivityDependencies, 'prisma'>;
    /** A Temporal server of the suite's own (default: the run's shared one). */
    temporal?: { address: string; namespace: string };
    /** Workflow code of the suite's own (a test domain's rules besides the product's); default: the run's bundle. */
    bundle?: WorkflowBundleOption;
  } = {},
): Promise<Harness> {
  const address = options.temporal?.address ?? inject('temporalAddress');
  const namespace = options.temporal?.namespace ?? inject('temporalNamespace');
  const prisma = createPrisma(options.databaseUrl ?? inject('databaseUrl'));
  await deployDefinitions(prisma, DEFINITIONS);
  const connection = await Connection.connect({ address });
  // Payloads on the test server are encrypted as in production; one key for every suite, so that
  // recorded histories replay.
  const payloadKeys = TEST_PAYLOAD_KEYS;
  const dataConverter = testDataConverter();
  const ctx: CaseServiceContext = {
    temporal: new Client({ connection, namespace, dataConverter }),
    prisma,
    taskQueue: `test-${randomUUID()}`,
    durationOverrides: options.durationOverrides ?? {},
    settingOverrides: options.settingOverrides ?? {},
    transitionsPerRun: options.transitionsPerRun ?? 500,
    ...(options.updateWaitMs === undefined ? {} : { updateWaitMs: options.updateWaitMs }),
  };
  let running: { worker: Worker; done: Promise<void>; close: () => Promise<void> } | undefined;

  const startWorker = async () => {
    const { worker, connection: workerConnection } = await createCaseWorker({
      address,
      namespace,
      taskQueue: ctx.taskQueue,
      bundle: options.bundle ?? { codePath: inject('workflowBundlePath') },
      dataConverter,
      dependencies: { mail: NO_MAIL, ...options.dependencies, prisma, cases: ctx },
    });
    running = { worker, done: worker.run(), close: () => workerConnection.close() };
  };
  const stopWorker = async () => {
    if (!running) return;
    const { worker, done, close } = running;
    running = undefined;
    worker.shutdown();
    await done;
    await close();
  };
  await startWorker();
  return {
    ctx,
    prisma,
    payloadKeys,
    dataConverter,
    startWorker,
    stopWorker,
    close: async () => {
      await stopWorker();
      await connection.close();
      await prisma.$disconnect();
    },
  };
}

/** A unique business key, so tests sharing one server and database never collide. */
// With a digit, never nine in a row: the shape of an identifier, not of a name or a phone number.
export const uniqueKey = (prefix = 'T') => `${prefix}-${randomInt(10)}-${randomUUID().slice(0, 8)}`;
