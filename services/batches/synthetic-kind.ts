import { z } from 'zod';
import { defineBatchJobKind } from './job-kind.ts';

// A job of trivial records in a table of their own, to prove and measure the runner: a chunk
// rewrites `chunkSize` consecutive records in one statement, and each record counts how many times
// it was applied.

const params = z.object({
  records: z
    .number({ error: 'Le nombre d’enregistrements doit être un nombre entier.' })
    .int('Le nombre d’enregistrements doit être un nombre entier.')
    .min(1, 'Au moins un enregistrement.')
    .max(10_000_000, 'Au plus 10 000 000 d’enregistrements.'),
  chunkSize: z
    .number()
    .int('La taille d’un paquet doit être un nombre entier.')
    .min(1, 'Au moins un enregistrement par paquet.')
    .max(50_000, 'Au plus 50 000 enregistrements par paquet.')
    .default(2000),
  /** Every record whose number is a multiple of it is rejected (a line that fails its rule); 0: none. */
  rejectEvery: z.number().int().min(0).default(0),
  /** Milliseconds each chunk waits in its transaction: slow work, so that tests can act mid-batch. */
  pauseMs: z.number().int().min(0).max(10_000).default(0),
});

export const syntheticKind = defineBatchJobKind({
  name: 'synthetique',
  label: 'Lot synthétique (essai du traitement par lots)',
  params,
  roles: [],
  window: 4,
  async plan(db, batchId, p) {
    // Idempotent: a plan run again after a crash adds only the records still missing.
    await db.$executeRaw`
      INSERT INTO "BatchSyntheticRecord" ("batchId", n)
      SELECT ${batchId}, g FROM generate_series(1, ${p.records}::int) AS g
      ON CONFLICT DO NOTHING`;
    return { total: p.records, chunkCount: Math.ceil(p.records / p.chunkSize) };
  },
  async runChunk(tx, batchId, p, chunkIndex, heartbeat) {
    if (p.pauseMs > 0) {
      await tx.$executeRaw`SELECT pg_sleep(${p.pauseMs / 1000}::float8)`;
      heartbeat();
    }
    const first = chunkIndex * p.chunkSize + 1;
    const last = Math.min(p.records, first + p.chunkSize - 1);
    const rows = await tx.$queryRaw<{ processed: bigint; failed: bigint }[]>`
      WITH applied AS (
        UPDATE "BatchSyntheticRecord"
        SET status = CASE WHEN ${p.rejectEvery}::int > 0 AND n % ${p.rejectEvery}::int = 0 THEN 'rejete' ELSE 'traite' END,
            result = n * 2,
            applied = applied + 1
        WHERE "batchId" = ${batchId} AND n BETWEEN ${first}::int AND ${last}::int
        RETURNING status)
      SELECT count(*) FILTER (WHERE status = 'traite') AS processed,
             count(*) FILTER (WHERE status = 'rejete') AS failed
      FROM applied`;
    return { processed: Number(rows[0]?.processed ?? 0), failed: Number(rows[0]?.failed ?? 0) };
  },
});
