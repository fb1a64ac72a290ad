import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startBatch } from '../services/batches/batches.ts';
import type { BatchProgress } from '../workflows/batch-messages.ts';
import { startCaseServices } from './case-services.ts';
import { registerBenchmark } from './registry.ts';

// `npx tsx bench/batch.ts`: the synthetic batch job over BENCH_BATCH_RECORDS (one million) records,
// through the product's worker, workflow bundle and activities, on one dev server and PostgreSQL.
// The figure is the chunks' throughput: from the end of the plan (the records generated with
// generate_series) to the batch recorded finished. Ends with `metric batch.records_per_s <value>`.

export const name = 'batch';

const positiveInt = (variable: string, fallback: number): number => {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} doit être un entier ≥ 1 (reçu « ${raw} »).`);
  return value;
};

/** Busy and total CPU ticks of the machine, from /proc/stat (Linux). */
const cpuTicks = (): { busy: number; total: number } | undefined => {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
};

export async function run(): Promise<Record<string, number>> {
  const records = positiveInt('BENCH_BATCH_RECORDS', 1_000_000);
  const chunkSize = positiveInt('BENCH_BATCH_CHUNK', 5000);
  const window = positiveInt('BENCH_BATCH_WINDOW', 4);
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const { ctx, prisma } = await startCaseServices('bench-batch', cleanup);

    const load = os.loadavg();
    const cpuBefore = cpuTicks();
    const nodeBefore = process.cpuUsage();
    const t0 = performance.now();
    const started = await startBatch(ctx, {
      kind: 'synthetique',
      params: { records, chunkSize },
      startedBy: 'bench',
      window,
    });
    const handle = ctx.temporal.workflow.getHandle(started.id);
    const end = (await handle.result()) as BatchProgress;
    const wall = (performance.now() - t0) / 1000;
    const cpuAfter = cpuTicks();
    const node = process.cpuUsage(nodeBefore);

    // When the plan ended, from the first run's history: the chunks' clock starts there.
    const description = await handle.describe();
    const firstRunId = description.raw.workflowExecutionInfo?.firstRunId ?? undefined;
    const history = await ctx.temporal.workflow.getHandle(started.id, firstRunId).fetchHistory();
    const planDone = history.events?.find((e) => e.activityTaskCompletedEventAttributes);
    const planDoneMs = Number(planDone?.eventTime?.seconds ?? 0) * 1000 + (planDone?.eventTime?.nanos ?? 0) / 1e6;
    const row = await prisma.batch.findUniqueOrThrow({ where: { id: started.id } });
    const processing = ((row.finishedAt?.getTime() ?? 0) - planDoneMs) / 1000;
    const generation = (planDoneMs - row.startedAt.getTime()) / 1000;
    const [check] = await prisma.$queryRaw<{ doubled: bigint; missing: bigint }[]>`
      SELECT count(*) FILTER (WHERE applied > 1) AS doubled, count(*) FILTER (WHERE applied = 0) AS missing
      FROM "BatchSyntheticRecord" WHERE "batchId" = ${started.id}`;
    const doubled = Number(check?.doubled ?? -1);
    const missing = Number(check?.missing ?? -1);
    if (end.state !== 'termine' || end.done !== records || doubled !== 0 || missing !== 0) {
      throw new Error(
        `Lot incorrect : état ${end.state}, ${end.done}/${records} traités, ${doubled} appliqués deux fois, ${missing} oubliés.`,
      );
    }
    const machineBusy =
      cpuBefore && cpuAfter
        ? (100 * (cpuAfter.busy - cpuBefore.busy)) / (cpuAfter.total - cpuBefore.total)
        : Number.NaN;
    const recordsPerS = Math.round(records / processing);
    console.log(`Lot synthétique : ${records} enregistrements, paquets de ${chunkSize}, fenêtre de ${window}.`);
    console.log(
      `Charge de la machine au départ (1, 5, 15 min) : ${load.map((l) => l.toFixed(2)).join(', ')} ; ${os.cpus().length} cœurs.`,
    );
    console.log(`Génération (generate_series, dans le plan) : ${generation.toFixed(1)} s.`);
    console.log(
      `Traitement des ${end.chunkCount} paquets : ${processing.toFixed(1)} s ; de bout en bout : ${wall.toFixed(1)} s.`,
    );
    console.log(
      `CPU pendant le lot : machine occupée à ${machineBusy.toFixed(0)} % ; ce processus (worker, client) ` +
        `${((node.user + node.system) / 1e6).toFixed(1)} s.`,
    );
    console.log(`Vérifié : chaque enregistrement appliqué une fois (0 en double, 0 oublié).`);
    console.log(`metric batch.records_per_s ${recordsPerS}`);
    console.log(`metric batch.records_per_s_with_generation ${Math.round(records / wall)}`);
    return { 'batch.records_per_s': recordsPerS, 'batch.records_per_s_with_generation': Math.round(records / wall) };
  } finally {
    for (const step of cleanup.reverse()) await step().catch((error) => console.error(error));
  }
}

registerBenchmark({
  name,
  description: 'un lot synthétique d’un million d’enregistrements (BENCH_BATCH_RECORDS)',
  run: async () => {
    await run();
  },
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
