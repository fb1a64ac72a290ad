import { mkdirSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createProjectionPool } from '../activities/projection-pool.ts';
import type { Config } from '../config/env.ts';
import type { TemporalSettings } from '../config/temporal-settings.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { deployDefinitions } from '../services/deploy-definitions.ts';
import { ensureAgeLimitSchedule } from '../services/enrolment/age-limit-schedule.ts';
import { ensureDigestSchedule } from '../services/mail/digest-schedule.ts';
import { ensureMemberLadderSchedule } from '../services/quote-parts/member-ladder-schedule.ts';
import { prepareApi } from './api.ts';
import { siamoDataConverter } from './data-converter.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { checkHealth } from './health.ts';
import { type HttpServer, startHttpServer } from './http-server.ts';
import { resolveKeys, type SiamoKeys } from './keys.ts';
import { startMail } from './mail.ts';
import { migrate } from './migrate.ts';
import { EncryptionCodec } from './payload-codec.ts';
import { loadPortal } from './portal.ts';
import { registerSearchAttributes } from './search-attributes.ts';
import { findTemporalCli } from './temporal-binary.ts';
import { startDevServer } from './temporal-dev-server.ts';
import { bundleCaseWorkflows, createCaseWorker } from './worker.ts';

export interface RunningSiamo {
  ctx: CaseServiceContext;
  http: HttpServer;
  temporalAddress: string;
  databaseUrl: string;
  keys: SiamoKeys;
  /** Stops everything started, in reverse order. Safe to call twice. */
  stop(): Promise<void>;
}

const TRANSITIONS_PER_RUN = 500;

/**
 * Starts the whole product: database (embedded unless DATABASE_URL), migrations, Temporal (a dev server
 * unless TEMPORAL_ADDRESS), search attributes, process definitions, a worker and the HTTP server.
 * Each step that fails stops what was already started and explains itself.
 */
export async function startSiamo(
  config: Config,
  settings: TemporalSettings,
  log: (message: string) => void = console.log,
): Promise<RunningSiamo> {
  const stops: (() => Promise<void>)[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const step of stops.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('Arrêt incomplet :', (error as Error).message);
      }
    }
  };

  try {
    mkdirSync(config.dataDir, { recursive: true });
    Runtime.install({ logger: new DefaultLogger(config.LOG_LEVEL === 'debug' ? 'INFO' : 'WARN') });
    const keys = resolveKeys(config, log);
    const dataConverter = siamoDataConverter(keys.payload);

    let databaseUrl = config.DATABASE_URL;
    let maxConnections: number | undefined;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_DB_PORT, log });
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
      maxConnections = 1; // PGlite serves one connection at a time
      log(`Base de données : PostgreSQL embarqué (données dans ${config.dataDir}/pglite)`);
    } else {
      log(`Base de données : ${redact(databaseUrl)}`);
    }
    const { applied } = await migrate(databaseUrl, { log });
    log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Schéma de la base à jour.');
    const prisma: PrismaClient = createPrisma(databaseUrl, { maxConnections });
    stops.push(() => prisma.$disconnect());
    // The projection's own connections, except on the embedded database (a single connection).
    const projectionPool = config.DATABASE_URL ? createProjectionPool(databaseUrl) : undefined;
    if (projectionPool) stops.push(() => projectionPool.end());
    // The rights check's own connections (the same plain pool, apart, so that checks and transitions
    // do not wait for each other's connections); none on the embedded PGlite, which serves one.
    const checkPool = config.DATABASE_URL ? createProjectionPool(databaseUrl, 10) : undefined;
    if (checkPool) stops.push(() => checkPool.end());
    // Before the worker, so that it stops after it: a send in flight finishes.
    const mail = await startMail(config, log);
    stops.push(mail.stop);

    let address = config.TEMPORAL_ADDRESS;
    const namespace = config.TEMPORAL_NAMESPACE ?? settings.namespace;
    if (!address) {
      const cliPath = await findTemporalCli({ explicitPath: config.TEMPORAL_CLI_PATH, log });
      const server = await startDevServer({
        cliPath,
        settings,
        dataDir: config.dataDir,
        uiCodecEndpoint: `${config.publicUrl}/codec`,
        log,
      });
      stops.push(server.stop);
      address = server.address;
      const ui =
        settings.devServer.uiPort === false
          ? ''
          : ` (interface : http://${settings.devServer.ip}:${settings.devServer.uiPort})`;
      log(`Temporal : serveur de développement sur ${address}${ui}`);
    } else {
      log(`Temporal : ${address}, espace de noms ${namespace}`);
    }
    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    await registerSearchAttributes(connection, namespace, settings.searchAttributes);

    const deployment = await deployDefinitions(prisma, DEFINITIONS);
    if (deployment.deployed.length) log(`Définitions déployées : ${deployment.deployed.join(', ')}`);

    const temporal = new Client({ connection, namespace, dataConverter });
    const ctx: CaseServiceContext = {
      temporal,
      prisma,
      taskQueue: settings.taskQueues.cases,
      durationOverrides: config.SIAMO_DURATIONS,
      settingOverrides: config.SIAMO_SETTINGS,
      transitionsPerRun: TRANSITIONS_PER_RUN,
      updateWaitMs: config.SIAMO_UPDATE_WAIT,
    };
    const role = config.SIAMO_ROLE;
    let workerState: (() => string) | undefined;
    if (role !== 'api') {
      const { worker, connection: workerConnection } = await createCaseWorker({
        address,
        namespace,
        taskQueue: settings.taskQueues.cases,
        bundle: await bundleCaseWorkflows(),
        dataConverter,
        // Effects that open or move linked cases use the same case services as the API.
        dependencies: { prisma, projectionPool, mail: mail.settings, dataDir: config.dataDir, cases: ctx },
      });
      const running = worker.run();
      stops.push(async () => {
        await shutdownWorker(worker, running);
        await workerConnection.close();
      });
      workerState = () => worker.getState();
      await ensureDigestSchedule(temporal, { taskQueue: settings.taskQueues.cases, hour: config.DIGEST_HOUR });
      await ensureAgeLimitSchedule(temporal, { taskQueue: settings.taskQueues.cases });
      await ensureMemberLadderSchedule(temporal, { taskQueue: settings.taskQueues.cases });
    }
    const health = () => checkHealth({ prisma, temporal, workerState });
    // A worker alone still answers /sante (for whatever supervises it), and nothing else.
    let handlers: Parameters<typeof startHttpServer>[0]['handlers'] = [];
    if (role !== 'worker') {
      const apiHandlers = await prepareApi(
        config,
        ctx,
        log,
        {
          codec: new EncryptionCodec(keys.payload),
          allowedOrigins: temporalUiOrigins(config, settings),
        },
        () => mail.transport.verify(),
        keys.data,
        mail.settings,
        checkPool,
      );
      // The portal answers every path the API does not: it goes last.
      const localHost = ['0.0.0.0', '::'].includes(config.HTTP_HOST) ? '127.0.0.1' : config.HTTP_HOST;
      const portal = await loadPortal({
        publicUrl: config.publicUrl,
        apiUrl: `http://${localHost}:${config.HTTP_PORT}`,
        log,
      });
      handlers = [...apiHandlers, portal];
    }
    const http = await startHttpServer({
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      handlers,
      https: config.SECURE_COOKIES,
      health,
    });
    stops.push(http.close);
    const part = role === 'all' ? '' : role === 'api' ? ' (API et portail seulement)' : ' (worker seulement)';
    log(`Siamo est prêt${part} : ${http.url} (santé : ${http.url}/sante)`);
    return { ctx, http, temporalAddress: address, databaseUrl, keys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function shutdownWorker(worker: Worker, running: Promise<void>) {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
}

/** The web UIs of Temporal that may call the codec endpoint: the dev server's, and TEMPORAL_UI_URL. */
function temporalUiOrigins(config: Config, settings: TemporalSettings): string[] {
  const origins = config.TEMPORAL_UI_URL ? [new URL(config.TEMPORAL_UI_URL).origin] : [];
  const { ip, uiPort } = settings.devServer;
  if (!config.TEMPORAL_ADDRESS && uiPort !== false) {
    const hosts = ip === '0.0.0.0' || ip === '127.0.0.1' || ip === 'localhost' ? ['127.0.0.1', 'localhost'] : [ip];
    origins.push(...hosts.map((host) => `http://${host}:${uiPort}`));
  }
  return origins;
}

/** A database URL without its password, for logs. */
const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
