import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { siamoDataConverter } from '../runtime/data-converter.ts';
import { migrate } from '../runtime/migrate.ts';
import { findTemporalCli } from '../runtime/temporal-binary.ts';
import { freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { bundleCaseWorkflows, createCaseWorker } from '../runtime/worker.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { newKeyEntry, parseKeyRing } from '../services/personal-data/key-ring.ts';
import { createTestDatabase } from '../test/support/database.ts';

// What a benchmark of batches needs around what it measures: a Temporal dev server, a database (the
// one DATABASE_URL names, migrated, else a test database of its own), one case worker on a task queue
// of its own with the product's workflows, and the case services on them. Payloads are encrypted as in
// production: the codec's cost is part of what is measured. Every step pushes its undoing on `cleanup`,
// which the benchmark runs in order at its end.

export async function startCaseServices(
  queuePrefix: string,
  cleanup: (() => Promise<unknown>)[],
): Promise<{ ctx: CaseServiceContext; prisma: PrismaClient }> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by the benchmark runner.
  }
  const cliPath = await findTemporalCli({
    explicitPath: process.env.TEMPORAL_CLI_PATH || undefined,
    log: console.error,
  });
  const [server, databaseUrl, bundle] = await Promise.all([
    (async () => {
      const s = await startDevServer({
        cliPath,
        settings: loadTemporalSettings(),
        dataDir: os.tmpdir(),
        port: await freePort(),
        uiPort: false,
        dbFile: null,
      });
      cleanup.push(() => s.stop());
      return s;
    })(),
    (async () => {
      if (process.env.DATABASE_URL) {
        await migrate(process.env.DATABASE_URL);
        return process.env.DATABASE_URL;
      }
      const database = await createTestDatabase();
      cleanup.push(() => database.drop());
      return database.url;
    })(),
    bundleCaseWorkflows(),
  ]);
  const prisma = createPrisma(databaseUrl);
  cleanup.push(() => prisma.$disconnect());
  const taskQueue = `${queuePrefix}-${randomUUID().slice(0, 8)}`;
  const dataConverter = siamoDataConverter(parseKeyRing(newKeyEntry('bench')));
  const { worker, connection: workerConnection } = await createCaseWorker({
    address: server.address,
    namespace: server.namespace,
    taskQueue,
    bundle,
    dataConverter,
    dependencies: { prisma },
  });
  const running = worker.run();
  cleanup.push(async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
  });
  const connection = await Connection.connect({ address: server.address });
  cleanup.push(() => connection.close());
  const ctx: CaseServiceContext = {
    temporal: new Client({ connection, namespace: server.namespace, dataConverter }),
    prisma,
    taskQueue,
    durationOverrides: {},
    settingOverrides: {},
    transitionsPerRun: 500,
  };
  return { ctx, prisma };
}
