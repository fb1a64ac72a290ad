import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createPrisma } from '../prisma/client.ts';
import { formatRebuildReport, rebuildProjections } from '../services/projections/rebuild.ts';
import { bundleReplayWorkflows } from '../services/projections/replay-transitions.ts';
import { siamoDataConverter } from './data-converter.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { resolveKeys } from './keys.ts';
import { findTemporalCli } from './temporal-binary.ts';
import { startDevServer } from './temporal-dev-server.ts';

// `npm run projections:rebuild [caseId] [--verifier]`: rebuilds the projection (Case) and the audit
// trail (AuditEntry) of every case, or of one, from Temporal, and prints what differed. With
// `--verifier`, only reports. Production: DATABASE_URL and TEMPORAL_ADDRESS. On one machine: the dev
// server of a running `npm start` is used, or started on its state; the embedded database can only be
// opened while Siamo is stopped (it serves one connection).

const args = process.argv.slice(2);
const checkOnly = args.includes('--verifier');
const caseId = args.find((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--verifier');
if (unknown.length) {
  console.error(
    `Option inconnue : ${unknown.join(', ')}. Usage : npm run projections:rebuild [idDuDossier] [--verifier]`,
  );
  process.exit(2);
}

const stops: (() => Promise<unknown>)[] = [];
try {
  const config = loadConfig();
  const settings = loadTemporalSettings();
  const log = (m: string) => console.log(m);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_DB_PORT, log }).catch(
      (error: Error) => {
        throw new Error(
          `${error.message}\nLa base embarquée ne sert qu’une connexion : arrêtez Siamo avant la reconstruction, ou donnez DATABASE_URL.`,
        );
      },
    );
    stops.push(embedded.stop);
    databaseUrl = embedded.url;
  }
  const prisma = createPrisma(databaseUrl, config.DATABASE_URL ? {} : { maxConnections: 1 });
  stops.push(() => prisma.$disconnect());

  let address = config.TEMPORAL_ADDRESS;
  const namespace = config.TEMPORAL_NAMESPACE ?? settings.namespace;
  if (!address) {
    const devAddress = `${settings.devServer.ip === '0.0.0.0' ? '127.0.0.1' : settings.devServer.ip}:${settings.devServer.port}`;
    if (await answers(devAddress, namespace)) address = devAddress;
    else {
      const cliPath = await findTemporalCli({ explicitPath: config.TEMPORAL_CLI_PATH, log });
      const server = await startDevServer({ cliPath, settings, dataDir: config.dataDir, uiPort: false, log });
      stops.push(server.stop);
      address = server.address;
    }
  }
  const connection = await Connection.connect({ address });
  stops.push(() => connection.close());
  // The product's data converter: the histories' payloads are encrypted with its keys.
  const dataConverter = siamoDataConverter(resolveKeys(config, log).payload);
  const client = new Client({ connection, namespace, dataConverter });

  log(
    caseId
      ? `Reconstruction du dossier ${caseId} depuis Temporal…`
      : 'Reconstruction de tous les dossiers depuis Temporal…',
  );
  const workflowBundle = await bundleReplayWorkflows();
  const report = await rebuildProjections({ client, prisma, workflowBundle, dataConverter, caseId, checkOnly });
  console.log(formatRebuildReport(report));
  if (caseId && report.cases === 0) {
    console.error(
      `Le dossier « ${caseId} » est introuvable dans Temporal (identifiant inexact, ou historique expiré).`,
    );
    process.exitCode = 1;
  }
  if (report.failures.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `Reconstruction impossible : ${(error as Error).message}`,
  );
  process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}

async function answers(address: string, namespace: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 2000 });
    try {
      await connection.withDeadline(Date.now() + 2000, () =>
        connection.workflowService.describeNamespace({ namespace }),
      );
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}
