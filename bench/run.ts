import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { recordTransition } from '../activities/record-transition.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { checkDefinition } from '../processes/check.ts';
import { migrate } from '../runtime/migrate.ts';
import { findTemporalCli, TEMPORAL_CLI_VERSION, TEMPORAL_SERVER_VERSION } from '../runtime/temporal-binary.ts';
import { type DevServer, freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { bundleCaseWorkflows, createCaseWorker } from '../runtime/worker.ts';
import { caseParameters } from '../services/case-parameters.ts';
import { deployDefinitions } from '../services/deploy-definitions.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { openedUpdate, sendEventUpdate } from '../workflows/messages.ts';
import { PROCESS, STATE, VERSION } from '../workflows/search-attributes.ts';
import type { Actor, CaseWorkflowInput, TransitionRecord } from '../workflows/types.ts';
import { incrementerUpdate, terminerSignal } from './baseline-workflow.ts';
import { pingPong } from './ping-pong.ts';

// `npm run bench`: what an event costs through Siamo's case workflow (b) compared with the cheapest
// possible Temporal update (a), on one dev server, one worker, one task queue, in one run.
// C clients each own one workflow and send their updates one after the other (so the latency of an
// update is the time its caller waits); N updates per scenario in all. Rounds alternate a, b, a, b
// so that a drift of the machine (a 2-core VM is noisy) hits both alike.
// BENCH_BREAKDOWN=1 adds (b0), the case workflow with its projection write replaced by a no-op,
// to separate the database write from the rest.

const N = positiveInt('BENCH_UPDATES', 2000);
const C = positiveInt('BENCH_CLIENTS', 10);
const WARMUP = positiveInt('BENCH_WARMUP', 50);
const ROUNDS = positiveInt('BENCH_ROUNDS', 2);
const BREAKDOWN = process.env.BENCH_BREAKDOWN === '1';
/** As in the tests: no continue-as-new within a round at the default sizes (N/C = 200 per workflow). */
const TRANSITIONS_PER_RUN = 500;
const AGENT: Actor = { id: 'bench-agent', role: 'agent_ipm' };

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} doit être un entier ≥ 1 (reçu « ${raw} »).`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Probes: the projection activity is wrapped (same code, timed), and can be switched to a no-op.

type ProjectionMode = 'real' | 'noop';
let projectionMode: ProjectionMode = 'real';
/** Milliseconds spent inside recordTransition, and from its scheduling to its start, while a round is measured. */
const probe = { write: [] as number[], queue: [] as number[], on: false };

function timedRecordTransition(prisma: PrismaClient) {
  return async (record: TransitionRecord): Promise<void> => {
    const started = performance.now();
    const queued = Date.now() - Context.current().info.currentAttemptScheduledTimestampMs;
    if (projectionMode === 'real') await recordTransition(prisma, record);
    if (probe.on) {
      probe.write.push(performance.now() - started);
      probe.queue.push(queued);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

interface Target {
  /** One update, awaited: the unit that is timed. */
  send(): Promise<unknown>;
  /** Ends the workflow and waits for it to complete. */
  finish(): Promise<void>;
}

interface Scenario {
  key: string;
  label: string;
  mode: ProjectionMode;
  open(id: string): Promise<Target>;
}

function scenarios(client: Client, taskQueue: string): Scenario[] {
  const baseline: Scenario = {
    key: 'a',
    label: 'Temporal seul : mise à jour d’un compteur (baselineWorkflow)',
    mode: 'real',
    open: async (id) => {
      const handle = await client.workflow.start('baselineWorkflow', { workflowId: `bench-a-${id}`, taskQueue });
      return {
        send: () => handle.executeUpdate(incrementerUpdate),
        finish: async () => {
          await handle.signal(terminerSignal);
          await handle.result();
        },
      };
    },
  };
  const openCase = async (id: string): Promise<Target> => {
    const args: CaseWorkflowInput = {
      definition: pingPong,
      businessKey: id,
      organisationId: null,
      openedBy: AGENT,
      input: {},
      parameters: caseParameters(pingPong, { durationOverrides: {}, transitionsPerRun: TRANSITIONS_PER_RUN }),
      openRequestId: randomUUID(),
    };
    // As startCase does, minus the registry lookup (the benchmark's process is not registered).
    const handle: WorkflowHandle = await client.workflow.start('caseWorkflow', {
      workflowId: `${pingPong.id}/-/${id}`,
      taskQueue,
      args: [args],
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: [
        { key: PROCESS, value: pingPong.id },
        { key: VERSION, value: pingPong.version },
        { key: STATE, value: pingPong.initial },
      ],
    });
    await handle.executeUpdate(openedUpdate, { args: [AGENT] });
    return {
      send: () => handle.executeUpdate(sendEventUpdate, { args: [{ event: 'bench.basculer', actor: AGENT }] }),
      finish: async () => {
        await handle.executeUpdate(sendEventUpdate, { args: [{ event: 'bench.terminer', actor: AGENT }] });
        await handle.result();
      },
    };
  };
  const list: Scenario[] = [
    baseline,
    { key: 'b', label: 'Siamo : transition de caseWorkflow avec projection PostgreSQL', mode: 'real', open: openCase },
  ];
  if (BREAKDOWN)
    list.push({ key: 'b0', label: 'caseWorkflow, projection remplacée par un no-op', mode: 'noop', open: openCase });
  return list;
}

// ---------------------------------------------------------------------------------------------
// Load.

interface RoundResult {
  updates: number;
  elapsedMs: number;
  latencies: number[];
  writes: number[];
  queues: number[];
  nodeCpuMs: number;
  machineBusy: number | null;
}

const split = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

async function drive(targets: Target[], counts: number[], latencies?: number[]): Promise<void> {
  await Promise.all(
    targets.map(async (target, i) => {
      for (let k = 0; k < (counts[i] ?? 0); k++) {
        const started = performance.now();
        await target.send();
        latencies?.push(performance.now() - started);
      }
    }),
  );
}

/** Busy and total jiffies of the whole machine (Linux), to tell whether the CPUs were the limit. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, v) => sum + v, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

async function runRound(scenario: Scenario, round: number, runId: string): Promise<RoundResult> {
  projectionMode = scenario.mode;
  const targets = await Promise.all(
    Array.from({ length: C }, (_, i) => scenario.open(`${runId}-${scenario.key}${round}-${i}`)),
  );
  await drive(targets, split(WARMUP, C));

  const latencies: number[] = [];
  probe.write = [];
  probe.queue = [];
  probe.on = true;
  const ticks = machineTicks();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await drive(targets, split(N, C), latencies);
  const elapsedMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  const ticksAfter = machineTicks();
  probe.on = false;

  await Promise.all(targets.map((t) => t.finish()));
  projectionMode = 'real';
  return {
    updates: N,
    elapsedMs,
    latencies,
    writes: probe.write,
    queues: probe.queue,
    nodeCpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    machineBusy:
      ticks && ticksAfter ? (ticksAfter.busy - ticks.busy) / Math.max(1, ticksAfter.total - ticks.total) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Figures.

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

interface Summary {
  throughput: number;
  p50: number;
  p95: number;
  mean: number;
  writeP50: number;
  writeMean: number;
  queueMean: number;
  nodeCpuPerUpdate: number;
  machineBusy: number | null;
}

function summarise(results: RoundResult[]): Summary {
  const latencies = results.flatMap((r) => r.latencies).sort((x, y) => x - y);
  const writes = results.flatMap((r) => r.writes).sort((x, y) => x - y);
  const queues = results.flatMap((r) => r.queues);
  const updates = results.reduce((s, r) => s + r.updates, 0);
  const elapsed = results.reduce((s, r) => s + r.elapsedMs, 0);
  const busy = results.map((r) => r.machineBusy).filter((b): b is number => b !== null);
  const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
  return {
    throughput: updates / (elapsed / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    mean: mean(latencies),
    writeP50: percentile(writes, 50),
    writeMean: mean(writes),
    queueMean: mean(queues),
    nodeCpuPerUpdate: results.reduce((s, r) => s + r.nodeCpuMs, 0) / updates,
    machineBusy: busy.length === 0 ? null : mean(busy),
  };
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function line(key: string, s: Summary, withProjection: boolean): string {
  const parts = [
    `(${key})`.padEnd(5),
    `${s.throughput.toFixed(0).padStart(5)} transitions/s`,
    `p50 ${f1(s.p50).padStart(5)} ms`,
    `p95 ${f1(s.p95).padStart(5)} ms`,
    `moyenne ${f1(s.mean).padStart(5)} ms`,
    `CPU Node ${f2(s.nodeCpuPerUpdate)} ms/mise à jour`,
  ];
  if (s.machineBusy !== null) parts.push(`machine occupée ${(s.machineBusy * 100).toFixed(0)} %`);
  if (withProjection)
    parts.push(
      `recordTransition p50 ${f2(s.writeP50)} ms, moyenne ${f2(s.writeMean)} ms, attente avant départ ${f2(s.queueMean)} ms`,
    );
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Infrastructure and main.

async function main(): Promise<void> {
  const cleanup: { label: string; run: () => Promise<unknown> }[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      for (const step of cleanup.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`Nettoyage (${step.label}) : ${(error as Error).message}`);
        }
      }
    })();
    return cleaning;
  };
  const interrupted = () => {
    console.error('\nInterrompu : arrêt du worker, du serveur et de la base…');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    const problems = checkDefinition(pingPong, 'bench/ping-pong.ts');
    if (problems.length > 0) throw new Error(`Définition du banc invalide :\n${problems.join('\n')}`);
    if (Math.ceil((N + WARMUP) / C) > 1500) {
      throw new Error(
        `${Math.ceil((N + WARMUP) / C)} mises à jour par workflow : au-delà de ~2000, Temporal refuse les mises à jour d’une exécution. Augmentez BENCH_CLIENTS.`,
      );
    }

    Runtime.install({ logger: new DefaultLogger('WARN') });
    const settings = loadTemporalSettings();
    const cliPath = await findTemporalCli({
      explicitPath: process.env.TEMPORAL_CLI_PATH || undefined,
      log: (m) => console.error(m),
    });

    const startDatabase = async (): Promise<{ url: string; embedded: boolean; kind: string }> => {
      const url = process.env.DATABASE_URL;
      if (url) {
        await migrate(url);
        return { url, embedded: false, kind: 'DATABASE_URL' };
      }
      const database = await createTestDatabase();
      cleanup.push({ label: 'base de données', run: () => database.drop() });
      return { ...database, kind: database.embedded ? 'PGlite embarqué (pas de serveur PostgreSQL)' : 'base jetable' };
    };
    const [server, database, bundle] = await Promise.all([
      (async (): Promise<DevServer> => {
        const s = await startDevServer({
          cliPath,
          settings,
          dataDir: os.tmpdir(),
          port: await freePort(),
          uiPort: false,
          dbFile: null,
        });
        cleanup.push({ label: 'serveur Temporal', run: () => s.stop() });
        return s;
      })(),
      startDatabase(),
      bundleCaseWorkflows(new URL('./workflows.ts', import.meta.url).pathname),
    ]);

    const prisma = createPrisma(database.url, database.embedded ? { maxConnections: 1 } : {});
    cleanup.push({ label: 'Prisma', run: () => prisma.$disconnect() });
    await deployDefinitions(prisma, [pingPong]);
    const [{ server_version: pgVersion } = { server_version: '?' }] = await prisma.$queryRaw<
      { server_version: string }[]
    >`SHOW server_version`;

    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const { worker, connection: workerConnection } = await createCaseWorker({
      address: server.address,
      namespace: server.namespace,
      taskQueue,
      bundle,
      dependencies: { prisma },
      // Same name: replaces the real activity with the same code, timed (and switchable to a no-op).
      extraActivities: { recordTransition: timedRecordTransition(prisma) },
    });
    const running: Promise<void> = worker.run();
    cleanup.push({
      label: 'worker',
      run: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await workerConnection.close();
      },
    });
    running.catch(() => undefined);

    const connection = await Connection.connect({ address: server.address });
    cleanup.push({ label: 'connexion cliente', run: () => connection.close() });
    const client = new Client({ connection, namespace: server.namespace });

    const cpus = os.cpus();
    console.log(
      `Machine : ${cpus.length} × ${cpus[0]?.model.trim() ?? '?'} · ${(os.totalmem() / 2 ** 30).toFixed(1)} Gio · ` +
        `Node ${process.version} · Temporal CLI ${TEMPORAL_CLI_VERSION} (serveur ${TEMPORAL_SERVER_VERSION}, dev server en mémoire) · ` +
        `PostgreSQL ${pgVersion} (${database.kind})`,
    );
    console.log(
      `N = ${N} mises à jour par scénario et par tour, C = ${C} clients, ${WARMUP} de chauffe, ${ROUNDS} tours alternés`,
    );

    const runId = randomUUID().slice(0, 8);
    const list = scenarios(client, taskQueue);
    const results = new Map<string, RoundResult[]>(list.map((s) => [s.key, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of list) {
        const result = await runRound(scenario, round, runId);
        results.get(scenario.key)?.push(result);
        const s = summarise([result]);
        console.log(
          `  tour ${round} (${scenario.key}) : ${s.throughput.toFixed(0)} transitions/s, p50 ${f1(s.p50)} ms, p95 ${f1(s.p95)} ms`,
        );
      }
    }

    console.log('');
    const summaries = new Map<string, Summary>();
    for (const scenario of list) {
      const s = summarise(results.get(scenario.key) ?? []);
      summaries.set(scenario.key, s);
      console.log(`${scenario.label}`);
      console.log(`  ${line(scenario.key, s, scenario.key !== 'a')}`);
    }
    const a = summaries.get('a');
    const b = summaries.get('b');
    if (a && b) {
      console.log('');
      console.log(
        `ratio (b)/(a) throughput ${f2(b.throughput / a.throughput)} · p50 latency (a)/(b) ${f2(a.p50 / b.p50)}`,
      );
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
