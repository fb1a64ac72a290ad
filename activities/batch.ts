import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../prisma/client.ts';
import type { BatchJobKind, BatchServices } from '../services/batches/job-kind.ts';
import { BATCH_JOB_KINDS } from '../services/batches/kinds.ts';
import type { BatchEnd, BatchPlan, ChunkOutcome, ChunkRequest } from '../workflows/batch-messages.ts';

function kindNamed(kinds: readonly BatchJobKind[], name: string): BatchJobKind {
  const kind = kinds.find((k) => k.name === name);
  if (!kind)
    throw ApplicationFailure.nonRetryable(`Type de lot inconnu « ${name} » : aucun n’est déployé sous ce nom.`);
  return kind;
}

/** The batch workflow's activities. `kinds` defaults to those of the product. */
export function createBatchActivities(
  prisma: PrismaClient,
  kinds: readonly BatchJobKind[] = BATCH_JOB_KINDS,
  services: BatchServices = {},
) {
  return {
    async planBatch(request: Omit<ChunkRequest, 'chunkIndex'>): Promise<BatchPlan> {
      const kind = kindNamed(kinds, request.kind);
      const params = kind.params.parse(request.params);
      return prisma.$transaction(
        async (tx) => {
          const plan = await kind.plan(tx, request.batchId, params);
          await tx.batch.update({
            where: { id: request.batchId },
            data: { total: plan.total, chunkCount: plan.chunkCount, state: 'en_cours' },
          });
          return plan;
        },
        { timeout: 600_000 },
      );
    },

    /**
     * Applies one chunk and records it done in ONE transaction: the chunk's row is inserted first,
     * so a second attempt (a killed worker's chunk run again while the first still commits, or after
     * it did) waits on its key, then finds it and applies nothing.
     */
    async runBatchChunk(request: ChunkRequest): Promise<ChunkOutcome> {
      const kind = kindNamed(kinds, request.kind);
      const params = kind.params.parse(request.params);
      const heartbeat = () => Context.current().heartbeat(request.chunkIndex);
      heartbeat();
      return prisma.$transaction(
        async (tx) => {
          const claimed = await tx.$executeRaw`
            INSERT INTO "BatchChunk" ("batchId", "chunkIndex", processed, failed)
            VALUES (${request.batchId}, ${request.chunkIndex}::int, 0, 0)
            ON CONFLICT DO NOTHING`;
          if (claimed === 0) {
            const earlier = await tx.batchChunk.findUniqueOrThrow({
              where: { batchId_chunkIndex: { batchId: request.batchId, chunkIndex: request.chunkIndex } },
            });
            return { processed: earlier.processed, failed: earlier.failed, alreadyDone: true };
          }
          const outcome = await kind.runChunk(tx, request.batchId, params, request.chunkIndex, heartbeat);
          await tx.$executeRaw`
            UPDATE "BatchChunk" SET processed = ${outcome.processed}::int, failed = ${outcome.failed}::int
            WHERE "batchId" = ${request.batchId} AND "chunkIndex" = ${request.chunkIndex}::int`;
          // Last, so that the batch's row is locked only for the commit: chunks in flight wait on it
          // one after the other for a moment, not for their whole work.
          await tx.$executeRaw`
            UPDATE "Batch" SET done = done + ${outcome.processed}::int, failed = failed + ${outcome.failed}::int,
                   "chunksDone" = "chunksDone" + 1
            WHERE id = ${request.batchId}`;
          heartbeat();
          return { ...outcome, alreadyDone: false };
        },
        { timeout: 600_000 },
      );
    },

    async finishBatch(end: BatchEnd): Promise<void> {
      const row = await prisma.batch.findUnique({ where: { id: end.batchId }, select: { kind: true, params: true } });
      const kind = row ? kinds.find((k) => k.name === row.kind) : undefined;
      if (row && kind?.finish)
        await kind.finish(prisma, end.batchId, kind.params.parse(row.params), end.state, services);
      await prisma.batch.update({ where: { id: end.batchId }, data: { state: end.state, finishedAt: new Date() } });
    },
  };
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;
