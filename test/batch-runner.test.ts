import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cancelBatch, getBatch, startBatch } from '../services/batches/batches.ts';
import type { CaseServiceContext } from '../services/context.ts';
import type { BatchProgress } from '../workflows/batch-messages.ts';
import { createHarness, type Harness } from './support/harness.ts';

// The batch runner on the real Temporal server and PostgreSQL, with the synthetic job: each record
// counts how many times a chunk applied it, so « exactly once » is read from the table itself.

const RECORDS = 20_000;
const CHUNK = 200;
const CHUNKS = RECORDS / CHUNK;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const applied = async (batchId: string) => {
  const rows = await h.prisma.$queryRaw<{ applied: number; records: bigint }[]>`
    SELECT applied, count(*) AS records FROM "BatchSyntheticRecord" WHERE "batchId" = ${batchId} GROUP BY applied`;
  return Object.fromEntries(rows.map((r) => [r.applied, Number(r.records)]));
};
const chunkRows = (batchId: string) => h.prisma.batchChunk.count({ where: { batchId } });
const result = (ctx: CaseServiceContext, batchId: string) =>
  ctx.temporal.workflow.getHandle(batchId).result() as Promise<BatchProgress>;

describe('a synthetic batch of 20 000 records', () => {
  it('applies every record exactly once, over several runs, and tells its progress while it runs', async () => {
    const started = await startBatch(h.ctx, {
      kind: 'synthetique',
      params: { records: RECORDS, chunkSize: CHUNK, rejectEvery: 7, pauseMs: 20 },
      startedBy: 'u-admin-test',
      window: 4,
      chunksPerRun: 30,
    });
    expect(started.state).toMatch(/en_preparation|en_cours/);

    // The progress query while chunks run: part done, the rest remaining, a rate.
    let midway: BatchProgress | undefined;
    await expect
      .poll(
        async () => {
          const view = await getBatch(h.ctx, started.id);
          if (view && view.state === 'en_cours' && view.done > 0 && view.remaining > 0) midway = view;
          return midway !== undefined || view?.state === 'termine';
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    expect(midway).toBeDefined();
    expect(midway?.total).toBe(RECORDS);
    expect((midway?.done ?? 0) + (midway?.failed ?? 0) + (midway?.remaining ?? 0)).toBe(RECORDS);
    expect(midway?.ratePerSecond).toBeGreaterThan(0);

    const end = await result(h.ctx, started.id);
    expect(end.state).toBe('termine');
    // Multiples of 7 up to 20 000: 2 857 rejected, the others processed.
    expect({ done: end.done, failed: end.failed, remaining: end.remaining }).toEqual({
      done: 17_143,
      failed: 2_857,
      remaining: 0,
    });
    expect(await applied(started.id)).toEqual({ 1: RECORDS });
    expect(await chunkRows(started.id)).toBe(CHUNKS);

    const row = await h.prisma.batch.findUniqueOrThrow({ where: { id: started.id } });
    expect(row).toMatchObject({ state: 'termine', total: RECORDS, done: 17_143, failed: 2_857, chunksDone: CHUNKS });
    expect(row.finishedAt).not.toBeNull();
    // 100 chunks at 30 per run: the workflow continued as new, and the counts crossed the runs.
    const description = await h.ctx.temporal.workflow.getHandle(started.id).describe();
    expect(description.runId).not.toBe(started.id);
    expect(description.raw.workflowExecutionInfo?.firstRunId).not.toBe(description.runId);
  });

  it('is cancelled: no chunk starts after, those in flight finish, and it ends as cancelled', async () => {
    const started = await startBatch(h.ctx, {
      kind: 'synthetique',
      params: { records: RECORDS, chunkSize: CHUNK, pauseMs: 150 },
      startedBy: 'u-admin-test',
      window: 2,
    });
    await expect
      .poll(async () => (await getBatch(h.ctx, started.id))?.chunksDone ?? 0, { timeout: 60_000 })
      .toBeGreaterThan(2);
    const answer = await cancelBatch(h.ctx, started.id);
    expect(answer.cancelRequested).toBe(true);

    const end = await result(h.ctx, started.id);
    expect(end.state).toBe('annule');
    expect(end.chunksDone).toBeLessThan(CHUNKS);
    expect(end.inFlight).toBe(0);
    // What the workflow counted is what the database applied: each chunk done once, the rest untouched.
    const done = await chunkRows(started.id);
    expect(done).toBe(end.chunksDone);
    expect(await applied(started.id)).toEqual({ 0: RECORDS - done * CHUNK, 1: done * CHUNK });
    const view = await getBatch(h.ctx, started.id);
    expect(view).toMatchObject({ state: 'annule', done: done * CHUNK, remaining: RECORDS - done * CHUNK });
    await expect(cancelBatch(h.ctx, started.id)).rejects.toThrow(/déjà terminé/);
  });

  it('refuses parameters that are not figures it can use, in French, and starts nothing', async () => {
    const before = await h.prisma.batch.count();
    await expect(
      startBatch(h.ctx, { kind: 'synthetique', params: { records: -3 }, startedBy: 'u-admin-test' }),
    ).rejects.toMatchObject({
      message: 'Paramètres du lot invalides : 1 champ à corriger, puis relancez.',
      fieldErrors: { records: 'Au moins un enregistrement.' },
    });
    await expect(startBatch(h.ctx, { kind: 'inconnu', params: {}, startedBy: 'u-admin-test' })).rejects.toThrow(
      /Type de lot inconnu/,
    );
    expect(await h.prisma.batch.count()).toBe(before);
  });
});

describe('a worker killed (SIGKILL) in the middle of a batch', () => {
  const workerScript = fileURLToPath(new URL('./support/batch-worker-process.ts', import.meta.url));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  const spawnWorker = async (taskQueue: string): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      env: {
        ...process.env,
        BATCH_TEST_DATABASE_URL: inject('databaseUrl'),
        BATCH_TEST_TEMPORAL_ADDRESS: inject('temporalAddress'),
        BATCH_TEST_TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        BATCH_TEST_TASK_QUEUE: taskQueue,
        BATCH_TEST_BUNDLE_PATH: inject('workflowBundlePath'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (data: Buffer) => {
        if (data.toString().includes('prêt')) resolve();
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`Le worker s’est arrêté (${code ?? signal}) avant d’être prêt.`)),
      );
    });
    return child;
  };

  it('is replaced by another: the batch resumes where it stopped, no chunk lost, none applied twice', async () => {
    const ctx: CaseServiceContext = { ...h.ctx, taskQueue: `batch-crash-${randomUUID()}` };
    const first = await spawnWorker(ctx.taskQueue);
    const started = await startBatch(ctx, {
      kind: 'synthetique',
      params: { records: RECORDS, chunkSize: CHUNK, pauseMs: 60 },
      startedBy: 'u-admin-test',
      window: 4,
      chunksPerRun: 30,
    });
    // Read from the table, not the workflow: the kill must not wait on a query to the dying worker.
    await expect
      .poll(async () => (await h.prisma.batch.findUniqueOrThrow({ where: { id: started.id } })).chunksDone, {
        timeout: 60_000,
        interval: 20,
      })
      .toBeGreaterThanOrEqual(20);
    const exited = new Promise((resolve) => first.once('exit', (_code, signal) => resolve(signal)));
    first.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = await h.prisma.batch.findUniqueOrThrow({ where: { id: started.id } });
    expect(atKill.chunksDone).toBeLessThan(CHUNKS);
    expect(atKill.finishedAt).toBeNull();

    await spawnWorker(ctx.taskQueue);
    const end = await result(ctx, started.id);
    expect(end.state).toBe('termine');
    expect({ done: end.done, failed: end.failed, chunksDone: end.chunksDone }).toEqual({
      done: RECORDS,
      failed: 0,
      chunksDone: CHUNKS,
    });
    expect(await applied(started.id)).toEqual({ 1: RECORDS });
    expect(await chunkRows(started.id)).toBe(CHUNKS);
    expect(await h.prisma.batch.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({
      state: 'termine',
      done: RECORDS,
      chunksDone: CHUNKS,
    });
  }, 120_000);
});
