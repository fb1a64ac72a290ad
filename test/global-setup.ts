import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { ensurePortalBuilt } from '../runtime/portal.ts';
import { findTemporalCli } from '../runtime/temporal-binary.ts';
import { freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { bundleCaseWorkflows } from '../runtime/worker.ts';
import { createTestDatabase } from './support/database.ts';

// One real Temporal dev server and one real database for the whole run; each test file runs its
// own worker on its own task queue against them.

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    temporalCliPath: string;
    databaseUrl: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const settings = loadTemporalSettings();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-test-'));
  const cliPath = await findTemporalCli({ explicitPath: process.env.TEMPORAL_CLI_PATH, log: (m) => console.log(m) });
  const [server, database, bundle] = await Promise.all([
    startDevServer({ cliPath, settings, dataDir: dir, port: await freePort(), uiPort: false, dbFile: null }),
    createTestDatabase(),
    bundleCaseWorkflows(),
    // Suites that start the whole product run side by side: the portal is built once, before them.
    ensurePortalBuilt((m) => console.log(m)),
  ]);
  const workflowBundlePath = path.join(dir, 'workflows.js');
  writeFileSync(workflowBundlePath, bundle.code);

  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('temporalCliPath', cliPath);
  project.provide('databaseUrl', database.url);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await server.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
}
