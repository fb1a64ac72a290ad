import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createPrisma, type PrismaClient } from '../../prisma/client.ts';
import { DEFINITIONS } from '../../processes/registry.ts';
import type { CaseServiceContext } from '../../services/context.ts';
import { deployDefinitions } from '../../services/deploy-definitions.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createMailLab, type MailLab, seedPeople } from './mail.ts';
import { testDataConverter } from './payload-keys.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
import { spawnWorkerProcess, type WorkerProcess } from './worker-process.ts';

/**
 * What a test that kills workers needs: a database of its own (read directly by the checks), a real
 * SMTP catcher, a proxy in front of each (to stop a conversation at an exact step), case services in
 * this process, and workers in processes of their own that the test kills with SIGKILL.
 */
export interface CrashLab {
  ctx: CaseServiceContext;
  /** The database, directly: not through the proxy the workers use. */
  prisma: PrismaClient;
  database: TcpProxy;
  smtp: TcpProxy;
  mail: MailLab;
  /** Starts a worker process on the lab's task queue. */
  startWorker(): Promise<WorkerProcess>;
  /**
   * The server retries an attempt whose worker died once its start-to-close timeout (2 minutes for
   * effects) has passed; failing that attempt by id is that timeout, brought forward.
   */
  failDeadAttempt(caseId: string): Promise<void>;
  close(): Promise<void>;
}

export const AGENT = { id: 'u-awa', email: 'awa.ndiaye@sante.test' };
export const GERANT = { id: 'u-gerant', email: 'moussa.diop@ipm-a.test' };

/** On the suite's Temporal server, or on another one (`temporal`: a server the test kills). */
export async function createCrashLab(
  temporal: { address: string; namespace: string } = {
    address: inject('temporalAddress'),
    namespace: inject('temporalNamespace'),
  },
): Promise<CrashLab> {
  const db: TestDatabase = await createTestDatabase();
  const prisma = createPrisma(db.url);
  await deployDefinitions(prisma, DEFINITIONS);
  await seedPeople(
    prisma,
    [
      { id: 'ministere', kind: 'MINISTERE', name: 'Ministère du Travail (DPS)' },
      { id: 'ipm-a', kind: 'IPM', name: 'IPM des Essais' },
    ],
    [
      {
        id: AGENT.id,
        email: AGENT.email,
        displayName: 'Awa Ndiaye',
        organisationId: 'ministere',
        roles: ['agent_ministere'],
      },
      {
        id: GERANT.id,
        email: GERANT.email,
        displayName: 'Moussa Diop',
        organisationId: 'ipm-a',
        roles: ['gerant_ipm'],
      },
    ],
  );
  const mail = await createMailLab();
  const dbUrl = new URL(db.url);
  const database = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
  const smtp = await startTcpProxy({ host: '127.0.0.1', port: mail.catcher.port });
  const connection = await Connection.connect({ address: temporal.address });
  const ctx: CaseServiceContext = {
    temporal: new Client({ connection, namespace: temporal.namespace, dataConverter: testDataConverter() }),
    prisma,
    taskQueue: `crash-${randomUUID()}`,
    durationOverrides: {},
    settingOverrides: {},
    transitionsPerRun: 500,
    // The callers here wait through the crash and the new worker's start.
    updateWaitMs: 120_000,
  };
  const workers: WorkerProcess[] = [];
  return {
    ctx,
    prisma,
    database,
    smtp,
    mail,
    startWorker: async () => {
      const worker = await spawnWorkerProcess({
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
        TASK_QUEUE: ctx.taskQueue,
        DATABASE_URL: database.url(db.url),
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        WORKFLOW_BUNDLE: inject('workflowBundlePath'),
        SIAMO_DATA_DIR: mail.dataDir,
        MAIL_LEASE_MS: '1000',
      });
      workers.push(worker);
      return worker;
    },
    failDeadAttempt: async (caseId) => {
      const description = await ctx.temporal.workflow.getHandle(caseId).describe();
      const pending = description.raw.pendingActivities ?? [];
      if (pending.length !== 1) throw new Error(`Une activité en cours attendue, ${pending.length} trouvée(s).`);
      await ctx.temporal.activity
        .fail(
          { workflowId: caseId, runId: description.runId, activityId: pending[0]?.activityId ?? '' },
          new Error('worker tué'),
        )
        .catch(() => undefined);
    },
    close: async () => {
      for (const worker of workers) await worker.kill();
      await connection.close();
      await database.close();
      await smtp.close();
      await prisma.$disconnect();
      await mail.close();
      await db.drop();
    },
  };
}
