import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { type DevServer, freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { createCaseWorker } from '../runtime/worker.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { deployDefinitions } from '../services/deploy-definitions.ts';
import { formatRebuildReport, rebuildProjections } from '../services/projections/rebuild.ts';
import { bundleReplayWorkflows } from '../services/projections/replay-transitions.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { NO_MAIL, uniqueKey } from './support/harness.ts';
import { testDataConverter } from './support/payload-keys.ts';

// Rows of the projection and the audit trail are dropped or altered, then rebuilt from Temporal. A
// Temporal server and a database of the suite's own: « every case » means these cases only.

const gerant: Actor = { id: 'u-gerant-1', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent-1', role: 'agent_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM Reconstruite', typeIpm: 'interentreprises', effectif: 800 };

let dir: string;
let server: DevServer;
let db: TestDatabase;
let prisma: PrismaClient;
let connection: Connection;
let ctx: CaseServiceContext;
let worker: { worker: Worker; running: Promise<void>; connection: { close(): Promise<void> } };
let workflowBundle: { code: string };
// Payloads encrypted as in production: the rebuild reads them with the product's data converter.
const dataConverter = testDataConverter();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-rebuild-'));
  const settings = loadTemporalSettings();
  [server, db, workflowBundle] = await Promise.all([
    startDevServer({
      cliPath: inject('temporalCliPath'),
      settings,
      dataDir: dir,
      port: await freePort(),
      uiPort: false,
      dbFile: null,
    }),
    createTestDatabase(),
    bundleReplayWorkflows(),
  ]);
  prisma = createPrisma(db.url);
  await deployDefinitions(prisma, DEFINITIONS);
  connection = await Connection.connect({ address: server.address });
  ctx = {
    temporal: new Client({ connection, namespace: server.namespace, dataConverter }),
    prisma,
    taskQueue: `rebuild-${randomUUID()}`,
    durationOverrides: {},
    settingOverrides: {},
    // Long cases continue as new: the rebuild goes through every run.
    transitionsPerRun: 3,
  };
  const created = await createCaseWorker({
    address: server.address,
    namespace: server.namespace,
    taskQueue: ctx.taskQueue,
    bundle: { codePath: inject('workflowBundlePath') },
    dataConverter,
    dependencies: { prisma, mail: NO_MAIL, dataDir: dir, cases: ctx },
  });
  worker = { worker: created.worker, running: created.worker.run(), connection: created.connection };
});
afterAll(async () => {
  worker?.worker.shutdown();
  await worker?.running;
  await worker?.connection.close();
  await connection?.close();
  await prisma?.$disconnect();
  await server?.stop();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const open = async () =>
  (
    await startCase(ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('REB'),
      organisationId: 'ipm-a',
      actor: gerant,
      input: application,
    })
  ).case.caseId;

const runsOf = async (query: string) => {
  let runs = 0;
  for await (const _run of ctx.temporal.workflow.list({ query })) runs++;
  return runs;
};

// Times aside: a rebuilt row takes the times of Temporal's history, which records an update's task
// when it is written, a moment after the worker's clock read it.
const snapshot = async (caseId: string) => {
  const row = await prisma.case.findUnique({ where: { id: caseId } });
  const { enteredAt: _e, dueAt: _d, createdAt: _c, updatedAt: _u, ...content } = row ?? ({} as NonNullable<typeof row>);
  return {
    row: row ? content : null,
    audit: (await prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map(
      ({ id: _id, at: _at, ...entry }) => entry,
    ),
  };
};

describe('npm run projections:rebuild', () => {
  it('rebuilds dropped and altered rows of every case from Temporal, and reports what differed', async () => {
    const opened = await open();
    const submitted = await open();
    await sendEvent(ctx, { caseId: submitted, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    await sendEvent(ctx, { caseId: submitted, event: 'recevabilite.valider', actor: agent });
    // Five transitions (the opening and four events): two runs.
    const long = await open();
    await sendEvent(ctx, { caseId: long, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    await sendEvent(ctx, {
      caseId: long,
      event: 'recevabilite.demanderComplements',
      actor: agent,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    await sendEvent(ctx, {
      caseId: long,
      event: 'complements.repondre',
      actor: gerant,
      input: { reponseComplements: 'Statuts joints.' },
    });
    // Three events in a run: it continues as new. The next event goes to the second run once it is there.
    await expect.poll(() => runsOf(`WorkflowId = '${long}'`), { timeout: 30_000 }).toBe(2);
    await sendEvent(ctx, { caseId: long, event: 'recevabilite.valider', actor: agent });
    const untouched = await open();
    const before = new Map<string, Awaited<ReturnType<typeof snapshot>>>();
    for (const id of [opened, submitted, long, untouched]) before.set(id, await snapshot(id));
    expect(before.get(long)?.row?.revision).toBe(5);
    await expect.poll(() => runsOf(`WorkflowType = 'caseWorkflow'`), { timeout: 30_000 }).toBe(5);

    // Lost: one whole case, two entries of another, one entry of the long case's second run; and the
    // long case's row altered at its own revision.
    await prisma.auditEntry.deleteMany({ where: { caseId: opened } });
    await prisma.case.delete({ where: { id: opened } });
    await prisma.auditEntry.deleteMany({ where: { caseId: submitted, revision: { in: [2, 3] } } });
    await prisma.auditEntry.deleteMany({ where: { caseId: long, revision: 5 } });
    await prisma.case.update({ where: { id: long }, data: { state: 'refuse' } });

    const checked = await rebuildProjections({
      client: ctx.temporal,
      prisma,
      workflowBundle,
      dataConverter,
      checkOnly: true,
    });
    expect(await prisma.case.findUnique({ where: { id: opened } })).toBeNull();
    const report = await rebuildProjections({ client: ctx.temporal, prisma, workflowBundle, dataConverter });
    const differences = {
      missingCases: [opened],
      differingCases: [{ caseId: long, fields: ['state'] }],
      behindCases: [],
      aheadCases: [],
      missingAudit: [
        { caseId: opened, revisions: [1] },
        { caseId: submitted, revisions: [2, 3] },
        { caseId: long, revisions: [5] },
      ].sort((a, b) => a.caseId.localeCompare(b.caseId)),
      differingAudit: [],
      unknownAudit: [],
      failures: [],
    };
    expect(checked).toEqual({ cases: 4, runs: 5, repaired: false, ...differences });
    expect(report).toEqual({ cases: 4, runs: 5, repaired: true, ...differences });
    expect(formatRebuildReport(report)).toContain(`Dossiers absents de la base, recréés : 1\n  - ${opened}`);
    expect(formatRebuildReport(report)).toContain(`${long} : state`);

    for (const [id, rows] of before) expect(await snapshot(id)).toEqual(rows);
    const again = await rebuildProjections({
      client: ctx.temporal,
      prisma,
      workflowBundle,
      dataConverter,
      checkOnly: true,
    });
    expect(formatRebuildReport(again)).toBe(
      'Dossiers trouvés dans Temporal : 4 (5 exécution(s)).\nAucune différence : la base correspond à Temporal.',
    );
  });

  it('rebuilds one case only when asked, and leaves the others as they are', async () => {
    const one = await open();
    const other = await open();
    await prisma.auditEntry.deleteMany({ where: { caseId: { in: [one, other] } } });
    const report = await rebuildProjections({
      client: ctx.temporal,
      prisma,
      workflowBundle,
      dataConverter,
      caseId: one,
    });
    expect(report).toMatchObject({ cases: 1, runs: 1, missingAudit: [{ caseId: one, revisions: [1] }], failures: [] });
    expect(await prisma.auditEntry.count({ where: { caseId: one } })).toBe(1);
    expect(await prisma.auditEntry.count({ where: { caseId: other } })).toBe(0);
  });
});
