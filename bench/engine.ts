import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createProjectionPool, type ProjectionPool } from '../activities/projection-pool.ts';
import { recordTransition } from '../activities/record-transition.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { checkDefinition } from '../processes/check.ts';
import { siamoDataConverter } from '../runtime/data-converter.ts';
import { migrate } from '../runtime/migrate.ts';
import { findTemporalCli, TEMPORAL_CLI_VERSION, TEMPORAL_SERVER_VERSION } from '../runtime/temporal-binary.ts';
import { type DevServer, freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { bundleCaseWorkflows, createCaseWorker } from '../runtime/worker.ts';
import { caseParameters } from '../services/case-parameters.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { deployDefinitions } from '../services/deploy-definitions.ts';
import { newKeyEntry, parseKeyRing } from '../services/personal-data/key-ring.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { openedUpdate, sendEventUpdate } from '../workflows/messages.ts';
import { ORGANISATION, PROCESS, STATE, VERSION } from '../workflows/search-attributes.ts';
import type { Actor, CaseWorkflowInput, TransitionRecord } from '../workflows/types.ts';
import { type BenchApi, startBenchApi } from './api-client.ts';
import {
  type BenchActivities,
  incrementerEcritUpdate,
  incrementerUpdate,
  terminerSignal,
} from './baseline-workflow.ts';
import type { DriverReply, DriverRequest, DriverTarget } from './load-driver.ts';
import { pingPong } from './ping-pong.ts';
import { metric, registerBenchmark } from './registry.ts';

// `npm run bench`: what an event costs through Siamo's case workflow (b) compared with the cheapest
// possible Temporal update (a), on one dev server, one worker, one task queue, in one run.
// C clients each own one workflow and send their updates one after the other (so the latency of an
// update is the time its caller waits); N updates per scenario in all. Rounds alternate a, b, a, b
// so that a drift of the machine (a 2-core VM is noisy) hits both alike.
// The API pair (BENCH_API=0 to skip) compares the same event sent by BENCH_API_CLIENTS (20) clients,
// each on its own case: (b20) as a direct Temporal update, (g) as the GraphQL mutation sendEvent over
// HTTP with a bearer token (API, worker and clients in this one process, as with `npm start`).
// BENCH_BREAKDOWN=1 adds variants that take (b) apart step by step (see docs/benchmarks.md):
//   (a+LA)    the baseline plus one no-op local activity per update;
//   (b-SA-PG) caseWorkflow with a self-transition (no search attribute) and no projection write;
//   (b-PG)    caseWorkflow with its projection write replaced by a no-op.
// Besides latency and throughput, the CPU time each update costs in the Node process (clients and
// worker), the Temporal server and the PostgreSQL backends is read from /proc (Linux): on a small
// machine where everything shares the CPUs, that is what bounds the throughput.

const N = positiveInt('BENCH_UPDATES', 2000);
const C = positiveInt('BENCH_CLIENTS', 10);
const WARMUP = positiveInt('BENCH_WARMUP', 50);
const ROUNDS = positiveInt('BENCH_ROUNDS', 2);
const BREAKDOWN = process.env.BENCH_BREAKDOWN === '1';
const API = process.env.BENCH_API !== '0';
const API_CLIENTS = positiveInt('BENCH_API_CLIENTS', 20);
const API_UPDATES = positiveInt('BENCH_API_UPDATES', 1000);
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

/** `real`: the worker's `pg` pool, as deployed; `prisma`: Prisma's `$executeRawUnsafe`, same statement; `noop`: no write. */
type ProjectionMode = 'real' | 'prisma' | 'noop';
let projectionMode: ProjectionMode = 'real';
/** Milliseconds spent inside recordTransition, and from its scheduling to its start, while a round is measured. */
const probe = { write: [] as number[], queue: [] as number[], on: false };

function timedRecordTransition(prisma: PrismaClient, pool: ProjectionPool) {
  return async (record: TransitionRecord): Promise<void> => {
    const started = performance.now();
    const queued = Date.now() - Context.current().info.currentAttemptScheduledTimestampMs;
    if (projectionMode !== 'noop') await recordTransition(projectionMode === 'prisma' ? prisma : pool, record);
    if (probe.on) {
      probe.write.push(performance.now() - started);
      probe.queue.push(queued);
    }
  };
}

const benchActivities = (pool: ProjectionPool): BenchActivities => ({
  benchNoop: async () => undefined,
  benchProjection: (record) => recordTransition(pool, record),
});

// ---------------------------------------------------------------------------------------------
// Scenarios.

interface Target {
  /** One update, awaited: the unit that is timed, sent by the load driver (its own process). */
  driver: DriverTarget;
  /** Ends the workflow and waits for it to complete. */
  finish(): Promise<void>;
}

interface Scenario {
  key: string;
  label: string;
  mode: ProjectionMode;
  /** Clients and updates per round, when not C and N. */
  clients?: number;
  updates?: number;
  open(id: string): Promise<Target>;
}

function scenarios(client: Client, prisma: PrismaClient, taskQueue: string, api?: BenchApi): Scenario[] {
  const openBaseline =
    (workflowType: 'baselineWorkflow' | 'baselineLocalActivityWorkflow', prefix: string) =>
    async (id: string): Promise<Target> => {
      const handle = await client.workflow.start(workflowType, { workflowId: `bench-${prefix}-${id}`, taskQueue });
      return {
        driver: { via: 'temporal', workflowId: handle.workflowId, update: incrementerUpdate.name, args: [] },
        finish: async () => {
          await handle.signal(terminerSignal);
          await handle.result();
        },
      };
    };
  const openWritingBaseline = async (id: string): Promise<Target> => {
    const workflowId = `${pingPong.id}/-/aw-${id}`;
    const now = Date.now();
    // A case row of its own (as the first transition of a case writes it), then the same write per update.
    const template: TransitionRecord = {
      caseId: workflowId,
      processId: pingPong.id,
      version: pingPong.version,
      businessKey: `aw-${id}`,
      organisationId: null,
      openedBy: AGENT.id,
      openedAt: now,
      revision: 1,
      at: now,
      actor: AGENT,
      event: 'dossier.ouvrir',
      from: null,
      to: pingPong.initial,
      input: {},
      context: {},
      terminal: false,
      enteredAt: now,
      dueAt: null,
      parentCaseId: null,
    };
    await recordTransition(prisma, template);
    const handle = await client.workflow.start('baselineProjectionWorkflow', {
      workflowId,
      taskQueue,
      args: [template],
    });
    return {
      driver: {
        via: 'temporal',
        workflowId,
        update: incrementerEcritUpdate.name,
        args: [{ event: 'bench.basculer', actor: AGENT }],
      },
      finish: async () => {
        await handle.signal(terminerSignal);
        await handle.result();
      },
    };
  };
  const openCase =
    (event: 'bench.basculer' | 'bench.rester', via: 'temporal' | 'graphql' = 'temporal', owner?: BenchApi) =>
    async (id: string): Promise<Target> => {
      const actor = owner?.agent ?? AGENT;
      const organisationId = owner?.organisationId ?? null;
      const args: CaseWorkflowInput = {
        definition: pingPong,
        businessKey: id,
        organisationId,
        openedBy: actor,
        input: {},
        parameters: caseParameters(pingPong, {
          durationOverrides: {},
          settingOverrides: {},
          transitionsPerRun: TRANSITIONS_PER_RUN,
        }),
        openRequestId: randomUUID(),
      };
      // As startCase does, minus the registry lookup (the benchmark's process is not registered).
      const handle: WorkflowHandle = await client.workflow.start('caseWorkflow', {
        workflowId: `${pingPong.id}/${organisationId ?? '-'}/${id}`,
        taskQueue,
        args: [args],
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: PROCESS, value: pingPong.id },
          { key: VERSION, value: pingPong.version },
          { key: STATE, value: pingPong.initial },
          ...(organisationId ? [{ key: ORGANISATION, value: organisationId }] : []),
        ],
      });
      await handle.executeUpdate(openedUpdate, { args: [actor] });
      return {
        driver:
          via === 'graphql' && owner
            ? { via: 'http', ...owner.request(handle.workflowId, event) }
            : {
                via: 'temporal',
                workflowId: handle.workflowId,
                update: sendEventUpdate.name,
                args: [{ event, actor }],
              },
        finish: async () => {
          await handle.executeUpdate(sendEventUpdate, { args: [{ event: 'bench.terminer', actor }] });
          await handle.result();
        },
      };
    };
  const list: Scenario[] = [
    {
      key: 'a',
      label: 'Temporal alone: counter update (baselineWorkflow)',
      mode: 'real',
      open: openBaseline('baselineWorkflow', 'a'),
    },
    {
      key: 'a+W',
      label:
        'Temporal + the projection write: counter update awaiting a local activity that writes the same row through pg',
      mode: 'real',
      open: openWritingBaseline,
    },
    {
      key: 'b',
      label: 'Siamo: caseWorkflow transition (ping ⇄ pong) with its PostgreSQL projection (pg pool)',
      mode: 'real',
      open: openCase('bench.basculer'),
    },
  ];
  if (api) {
    list.push(
      {
        key: 'b20',
        label: `Siamo: the same transition as a direct Temporal update, ${API_CLIENTS} clients (cases of an IPM)`,
        mode: 'real',
        clients: API_CLIENTS,
        updates: API_UPDATES,
        open: openCase('bench.basculer', 'temporal', api),
      },
      {
        key: 'g',
        label: `Siamo through the API: GraphQL mutation sendEvent over HTTP, bearer token, ${API_CLIENTS} clients`,
        mode: 'real',
        clients: API_CLIENTS,
        updates: API_UPDATES,
        open: openCase('bench.basculer', 'graphql', api),
      },
    );
  }
  if (BREAKDOWN) {
    list.push(
      {
        key: 'a+LA',
        label: 'baselineWorkflow + one empty local activity per update',
        mode: 'real',
        open: openBaseline('baselineLocalActivityWorkflow', 'ala'),
      },
      {
        key: 'b-prisma',
        label: 'caseWorkflow (ping ⇄ pong), the same projection statement through Prisma instead of the pg pool',
        mode: 'prisma',
        open: openCase('bench.basculer'),
      },
      {
        key: 'b-SA-PG',
        label: 'caseWorkflow, self-transition (no search attribute upsert), no-op projection',
        mode: 'noop',
        open: openCase('bench.rester'),
      },
      {
        key: 'b-PG',
        label: 'caseWorkflow (ping ⇄ pong), no-op projection',
        mode: 'noop',
        open: openCase('bench.basculer'),
      },
    );
  }
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
  driverCpuMs: number;
  temporalCpuMs: number | null;
  postgresCpuMs: number | null;
  machineBusy: number | null;
  threadsCpuMs: Map<string, number> | null;
}

interface Probes {
  prisma: PrismaClient;
  temporalPid: number | null;
  driver: Driver;
}

const split = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

/** The load driver: a child process that sends the updates (bench/load-driver.ts). */
interface Driver {
  round(
    targets: Target[],
    counts: number[],
    measure: boolean,
  ): Promise<{ latencies: number[]; elapsedMs: number; cpuMs: number }>;
  pid: number;
  stop(): Promise<void>;
}

async function startDriver(address: string, namespace: string, payloadKeys: string): Promise<Driver> {
  const child = fork(fileURLToPath(new URL('./load-driver.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let waiting: { resolve: (reply: DriverReply) => void; reject: (error: Error) => void } | undefined;
  child.on('message', (reply: DriverReply) => waiting?.resolve(reply));
  child.on('exit', (code) => waiting?.reject(new Error(`le pilote de charge s’est arrêté (code ${code})`)));
  const ask = (request: DriverRequest) =>
    new Promise<DriverReply>((resolve, reject) => {
      waiting = { resolve, reject };
      child.send(request);
    });
  const ready = await ask({ kind: 'connect', address, namespace, payloadKeys });
  if (ready.kind === 'failed') throw new Error(`Pilote de charge : ${ready.message}`);
  return {
    pid: child.pid ?? 0,
    round: async (targets, counts, measure) => {
      const reply = await ask({ kind: 'round', targets: targets.map((t) => t.driver), counts, measure });
      if (reply.kind !== 'done')
        throw new Error(`Pilote de charge : ${reply.kind === 'failed' ? reply.message : reply.kind}`);
      return reply;
    },
    stop: async () => {
      child.send({ kind: 'stop' } satisfies DriverRequest);
      await new Promise((resolve) => {
        child.once('exit', resolve);
        setTimeout(() => child.kill(), 5000).unref();
      });
    },
  };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Name and CPU time (user + system, ms) of a process, from /proc (Linux); null elsewhere or when gone. */
function processCpu(pid: number, statFile = `/proc/${pid}/stat`): { name: string; ppid: number; cpuMs: number } | null {
  try {
    const stat = readFileSync(statFile, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state, ppid, …, utime (14th field of the line) and stime (15th).
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    return { name, ppid: Number(fields[1]), cpuMs };
  } catch {
    return null;
  }
}

/** CPU ms of this process's threads, summed by thread name (main thread, workflow threads, Rust core…). */
function threadsCpu(): Map<string, Map<number, number>> | null {
  try {
    const byName = new Map<string, Map<number, number>>();
    for (const tid of readdirSync('/proc/self/task')) {
      const info = processCpu(Number(tid), `/proc/self/task/${tid}/stat`);
      if (!info) continue;
      // Worker threads (where workflows run) keep the name "node": the main thread is told apart by its id.
      const name = Number(tid) === process.pid ? 'principal' : info.name;
      const threads = byName.get(name) ?? new Map<number, number>();
      threads.set(Number(tid), info.cpuMs);
      byName.set(name, threads);
    }
    return byName;
  } catch {
    return null;
  }
}

function threadsDelta(
  before: Map<string, Map<number, number>> | null,
  after: Map<string, Map<number, number>> | null,
): Map<string, number> | null {
  if (!before || !after) return null;
  const delta = new Map<string, number>();
  for (const [name, threads] of after) {
    let sum = 0;
    for (const [tid, ms] of threads) sum += ms - (before.get(name)?.get(tid) ?? 0);
    delta.set(name, sum);
  }
  return delta;
}

/** The dev server's process: a child of this one named temporal. */
function findTemporalServerPid(): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const info = processCpu(Number(entry));
      if (info && info.ppid === process.pid && info.name === 'temporal') return Number(entry);
    }
  } catch {
    // Not Linux.
  }
  return null;
}

/** CPU ms of each PostgreSQL backend serving the benchmark's database (local server only), this probe's included. */
async function postgresBackendsCpu(prisma: PrismaClient): Promise<Map<number, number> | null> {
  const rows = await prisma.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.catch(() => null);
  if (!rows) return null;
  const result = new Map<number, number>();
  for (const { pid } of rows) {
    const info = processCpu(pid);
    if (!info?.name.startsWith('postgres')) return null;
    result.set(pid, info.cpuMs);
  }
  return result;
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

async function runRound(scenario: Scenario, round: number, runId: string, probes: Probes): Promise<RoundResult> {
  projectionMode = scenario.mode;
  const clients = scenario.clients ?? C;
  const updates = scenario.updates ?? N;
  const targets = await Promise.all(
    Array.from({ length: clients }, (_, i) => scenario.open(`${runId}-${scenario.key}${round}-${i}`)),
  );
  await probes.driver.round(targets, split(WARMUP, clients), false);

  probe.write = [];
  probe.queue = [];
  const pgBefore = await postgresBackendsCpu(probes.prisma);
  const temporalBefore = probes.temporalPid === null ? null : processCpu(probes.temporalPid);
  probe.on = true;
  const ticks = machineTicks();
  const threadsBefore = threadsCpu();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const driven = await probes.driver.round(targets, split(updates, clients), true);
  const { latencies } = driven;
  const elapsedMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  const threadsAfter = threadsCpu();
  const ticksAfter = machineTicks();
  probe.on = false;
  const temporalAfter = probes.temporalPid === null ? null : processCpu(probes.temporalPid);
  const pgAfter = await postgresBackendsCpu(probes.prisma);
  // A backend opened during the round counts from zero; one closed during it is lost (the pool keeps them open).
  const postgresCpuMs =
    pgBefore && pgAfter ? [...pgAfter].reduce((sum, [pid, ms]) => sum + ms - (pgBefore.get(pid) ?? 0), 0) : null;

  await Promise.all(targets.map((t) => t.finish()));
  projectionMode = 'real';
  return {
    updates,
    elapsedMs,
    latencies,
    writes: probe.write,
    queues: probe.queue,
    // The worker's process and the driver's (the clients), as with callers on other machines.
    nodeCpuMs: (cpuUsed.user + cpuUsed.system) / 1000 + driven.cpuMs,
    driverCpuMs: driven.cpuMs,
    temporalCpuMs: temporalBefore && temporalAfter ? temporalAfter.cpuMs - temporalBefore.cpuMs : null,
    postgresCpuMs,
    threadsCpuMs: threadsDelta(threadsBefore, threadsAfter),
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
  temporalCpuPerUpdate: number | null;
  postgresCpuPerUpdate: number | null;
  machineBusy: number | null;
  threadsCpuPerUpdate: Map<string, number> | null;
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
    temporalCpuPerUpdate: results.some((r) => r.temporalCpuMs === null)
      ? null
      : results.reduce((s, r) => s + (r.temporalCpuMs ?? 0), 0) / updates,
    postgresCpuPerUpdate: results.some((r) => r.postgresCpuMs === null)
      ? null
      : results.reduce((s, r) => s + (r.postgresCpuMs ?? 0), 0) / updates,
    machineBusy: busy.length === 0 ? null : mean(busy),
    threadsCpuPerUpdate: results.some((r) => r.threadsCpuMs === null)
      ? null
      : results.reduce((sum, r) => {
          for (const [name, ms] of r.threadsCpuMs ?? []) sum.set(name, (sum.get(name) ?? 0) + ms / updates);
          return sum;
        }, new Map<string, number>()),
  };
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function describe(key: string, s: Summary, withProjection: boolean): string[] {
  const head = [
    `(${key})`,
    `${s.throughput.toFixed(1)} transitions/s`,
    `p50 ${f1(s.p50)} ms`,
    `p95 ${f1(s.p95)} ms`,
    `mean ${f1(s.mean)} ms`,
  ].join(' · ');
  const cpu = [
    `CPU per update: Node ${f2(s.nodeCpuPerUpdate)} ms`,
    `Temporal server ${s.temporalCpuPerUpdate === null ? '?' : f2(s.temporalCpuPerUpdate)} ms`,
    `PostgreSQL ${s.postgresCpuPerUpdate === null ? '?' : f2(s.postgresCpuPerUpdate)} ms`,
  ];
  if (s.machineBusy !== null) cpu.push(`machine busy ${(s.machineBusy * 100).toFixed(0)} %`);
  const lines = [head, cpu.join(' · ')];
  if (BREAKDOWN && s.threadsCpuPerUpdate) {
    const threads = [...s.threadsCpuPerUpdate]
      .filter(([, ms]) => ms >= 0.05)
      .sort((x, y) => y[1] - x[1])
      .map(([name, ms]) => `${name} ${f2(ms)}`);
    lines.push(`  Node process by thread (ms per update): ${threads.join(', ')}`);
  }
  if (withProjection)
    lines.push(
      `recordTransition: p50 ${f2(s.writeP50)} ms, mean ${f2(s.writeMean)} ms · from scheduled to started ${f2(s.queueMean)} ms on average`,
    );
  return lines;
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
          console.error(`Clean-up (${step.label}): ${(error as Error).message}`);
        }
      }
    })();
    return cleaning;
  };
  const interrupted = () => {
    console.error('\nInterrupted: stopping the worker, the server and the database…');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    const problems = checkDefinition(pingPong, 'bench/ping-pong.ts');
    if (problems.length > 0) throw new Error(`Définition du banc d’essai invalide :\n${problems.join('\n')}`);
    if (API && Math.ceil((API_UPDATES + WARMUP) / API_CLIENTS) > 1500) {
      throw new Error(
        `${Math.ceil((API_UPDATES + WARMUP) / API_CLIENTS)} updates per workflow in the API pair: Temporal refuses more than ~2000 per run. Raise BENCH_API_CLIENTS.`,
      );
    }
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
      cleanup.push({ label: 'database', run: () => database.drop() });
      return {
        ...database,
        kind: database.embedded ? 'embedded PGlite: no PostgreSQL server answered' : 'throw-away database',
      };
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
        cleanup.push({ label: 'Temporal server', run: () => s.stop() });
        return s;
      })(),
      startDatabase(),
      bundleCaseWorkflows(new URL('./workflows.ts', import.meta.url).pathname),
    ]);

    const prisma = createPrisma(database.url, database.embedded ? { maxConnections: 1 } : {});
    cleanup.push({ label: 'Prisma', run: () => prisma.$disconnect() });
    if (database.embedded)
      throw new Error('Le banc d’essai demande un serveur PostgreSQL (la base embarquée sert une connexion).');
    const pool = createProjectionPool(database.url);
    cleanup.push({ label: 'pg pool', run: () => pool.end() });
    await deployDefinitions(prisma, [pingPong]);
    const [{ server_version: pgVersion } = { server_version: '?' }] = await prisma.$queryRaw<
      { server_version: string }[]
    >`SHOW server_version`;

    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    // Encrypted as in production, both sides of each ratio alike: the codec's cost is part of a transition.
    const payloadKeys = newKeyEntry('bench');
    const dataConverter = siamoDataConverter(parseKeyRing(payloadKeys));
    const { worker, connection: workerConnection } = await createCaseWorker({
      address: server.address,
      namespace: server.namespace,
      taskQueue,
      bundle,
      dataConverter,
      dependencies: { prisma, projectionPool: pool },
      // Same name: replaces the real activity with the same code, timed (and switchable to a no-op).
      extraActivities: { recordTransition: timedRecordTransition(prisma, pool), ...benchActivities(pool) },
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
    cleanup.push({ label: 'client connection', run: () => connection.close() });
    const client = new Client({ connection, namespace: server.namespace, dataConverter });
    let api: BenchApi | undefined;
    if (API) {
      const ctx: CaseServiceContext = {
        temporal: client,
        prisma,
        taskQueue,
        durationOverrides: {},
        settingOverrides: {},
        transitionsPerRun: TRANSITIONS_PER_RUN,
      };
      const started = await startBenchApi(ctx);
      api = started;
      cleanup.push({ label: 'API', run: () => started.close() });
    }

    const cpus = os.cpus();
    console.log(
      `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? '?'} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · ` +
        `Node ${process.version} · Temporal CLI ${TEMPORAL_CLI_VERSION} (server ${TEMPORAL_SERVER_VERSION}, in-memory dev server) · ` +
        `PostgreSQL ${pgVersion} (${database.kind})`,
    );
    console.log(
      `N = ${N} updates per scenario and round, C = ${C} clients, ${WARMUP} warm-up updates, ${ROUNDS} interleaved rounds` +
        (API ? `; API pair (b20, g): ${API_UPDATES} updates, ${API_CLIENTS} clients` : ''),
    );

    const driver = await startDriver(server.address, server.namespace, payloadKeys);
    cleanup.push({ label: 'load driver', run: () => driver.stop() });
    const probes: Probes = { prisma, temporalPid: findTemporalServerPid(), driver };
    const runId = randomUUID().slice(0, 8);
    const list = scenarios(client, prisma, taskQueue, api);
    const results = new Map<string, RoundResult[]>(list.map((s) => [s.key, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of list) {
        const result = await runRound(scenario, round, runId, probes);
        results.get(scenario.key)?.push(result);
        const s = summarise([result]);
        console.log(
          `  round ${round} (${scenario.key}): ${s.throughput.toFixed(0)} transitions/s, p50 ${f1(s.p50)} ms, p95 ${f1(s.p95)} ms`,
        );
      }
    }

    console.log('');
    const summaries = new Map<string, Summary>();
    for (const scenario of list) {
      const s = summarise(results.get(scenario.key) ?? []);
      summaries.set(scenario.key, s);
      console.log(`${scenario.label}`);
      const withProjection = scenario.key.startsWith('b') || scenario.key === 'g';
      for (const text of describe(scenario.key, s, withProjection)) console.log(`  ${text}`);
    }
    const a = summaries.get('a');
    const aw = summaries.get('a+W');
    const b = summaries.get('b');
    if (a && b && aw) {
      console.log('');
      console.log(
        `ratio (b)/(a) throughput ${f2(b.throughput / a.throughput)} · p50 latency (a)/(b) ${f2(a.p50 / b.p50)}`,
      );
      console.log(
        `ratio (b)/(a+W) throughput ${f2(b.throughput / aw.throughput)} · p50 latency (a+W)/(b) ${f2(aw.p50 / b.p50)}`,
      );
      const prismaPath = summaries.get('b-prisma');
      if (prismaPath) console.log(`ratio (b-prisma)/(b) throughput ${f2(prismaPath.throughput / b.throughput)}`);
      metric('engine.ratio_raw', b.throughput / a.throughput);
      metric('engine.ratio_fair', b.throughput / aw.throughput);
      metric('engine.transitions_per_s', b.throughput);
    }
    const direct = summaries.get('b20');
    const graphql = summaries.get('g');
    if (direct && graphql) {
      console.log(
        `ratio (g)/(b20) p50 latency ${f2(graphql.p50 / direct.p50)} · p95 latency ${f2(graphql.p95 / direct.p95)} · ` +
          `throughput ${f2(graphql.throughput / direct.throughput)} (GraphQL over HTTP vs direct Temporal update, ${API_CLIENTS} clients)`,
      );
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanUp();
  }
}

registerBenchmark({
  name: 'engine',
  description: 'a case transition against Temporal alone (a) and against Temporal with the same projection write (a+W)',
  run: main,
});
