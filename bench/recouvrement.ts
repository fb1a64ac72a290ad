import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startBatch } from '../services/batches/batches.ts';
import { CALLS_BATCH } from '../services/recouvrement/calls-batch.ts';
import type { BatchProgress } from '../workflows/batch-messages.ts';
import { startCaseServices } from './case-services.ts';
import { metric, registerBenchmark } from './registry.ts';

// Contribution calls for BENCH_EMPLOYERS (5 000) employers of one IPM, BENCH_WORKERS (20) affiliated
// participants each, through the product's worker, batch workflow and activities: from the batch's
// start to its row recorded finished, plan included. Then the same batch again, which must add
// nothing. Synthetic rows only (no NIN: the blind index is a counter). Target: ≤ 30 s for 5 000.

const EMPLOYERS = Number(process.env.BENCH_EMPLOYERS ?? 5_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 20);
const CHUNK = Number(process.env.BENCH_CALLS_CHUNK ?? 500);
const IPM = 'IPM-BENCH-RECOUVREMENT';

async function run(): Promise<void> {
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const { ctx, prisma } = await startCaseServices('bench-recouvrement', cleanup);

    // The register, set-based: employers, participants at 150 000 to 649 000 FCFA, open affiliations.
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "sector", "communeCode")
       SELECT 'emp-' || lpad(g::text, 6, '0'), $1, 'Entreprise ' || g, 'CSS-' || g, 'commerce', 'SN-DK-01'
         FROM generate_series(1, $2::int) g`,
      IPM,
      EMPLOYERS,
    );
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Participant" ("id", "ipmId", "employerId", "ninChiffre", "ninIndex", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary")
       SELECT 'par-' || g, $1, 'emp-' || lpad((1 + (g - 1) / $3::int)::text, 6, '0'), '\\x00'::bytea, 'bench-' || g, 'M' || g,
              'Nom', 'Prenom', DATE '1980-01-01', 'F', 150000 + (g % 500) * 1000
         FROM generate_series(1, $2::int * $3::int) g`,
      IPM,
      EMPLOYERS,
      WORKERS,
    );
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Affiliation" ("id", "participantId", "ninIndex", "ipmId", "employerId", "validFrom", "startReason")
       SELECT 'aff-' || substr(p."id", 5), p."id", p."ninIndex", p."ipmId", p."employerId", DATE '2020-01-01', 'embauche'
         FROM "Participant" p WHERE p."ipmId" = $1`,
      IPM,
    );
    await prisma.$executeRawUnsafe('ANALYZE');

    const issue = async () => {
      const t0 = performance.now();
      const started = await startBatch(ctx, {
        kind: CALLS_BATCH,
        params: {
          ipmId: IPM,
          period: '2026-11',
          dueDate: '2026-12-10',
          employerRate: 300,
          workerRate: 300,
          issuedBy: 'bench',
          chunkSize: CHUNK,
        },
        startedBy: 'bench',
      });
      const end = (await ctx.temporal.workflow.getHandle(started.id).result()) as BatchProgress;
      const row = await prisma.batch.findUniqueOrThrow({ where: { id: started.id } });
      return {
        end,
        seconds: ((row.finishedAt?.getTime() ?? 0) - row.startedAt.getTime()) / 1000,
        wall: (performance.now() - t0) / 1000,
      };
    };
    const first = await issue();
    const [calls] = await prisma.$queryRaw<{ n: number; total: number }[]>`
      SELECT count(*)::int AS n, sum("amount")::float8 AS total FROM "ContributionCall" WHERE "ipmId" = ${IPM}`;
    if (first.end.state !== 'termine' || calls?.n !== EMPLOYERS)
      throw new Error(`Lot incorrect : état ${first.end.state}, ${calls?.n} appels pour ${EMPLOYERS} employeurs.`);
    const second = await issue();
    const [again] = await prisma.$queryRaw<{ n: number; total: number }[]>`
      SELECT count(*)::int AS n, sum("amount")::float8 AS total FROM "ContributionCall" WHERE "ipmId" = ${IPM}`;
    if (again?.n !== calls.n || again.total !== calls.total) throw new Error('Le lot relancé a changé des appels.');

    console.log(
      `Appels : ${EMPLOYERS} employeurs × ${WORKERS} salariés, paquets de ${CHUNK} ; ${first.end.chunkCount} paquets en ` +
        `${first.seconds.toFixed(1)} s (de bout en bout ${first.wall.toFixed(1)} s) ; relancé : ${second.seconds.toFixed(1)} s, aucun changement.`,
    );
    console.log(
      `Charge de la machine (1, 5, 15 min) : ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}.`,
    );
    metric('recouvrement.calls_per_s', EMPLOYERS / first.seconds);
    metric('recouvrement.calls_seconds', first.seconds);
  } finally {
    for (const step of cleanup.reverse()) await step().catch((error) => console.error(error));
  }
}

registerBenchmark({
  name: 'recouvrement',
  description: `appels de cotisations de ${EMPLOYERS} employeurs (${WORKERS} salariés chacun) en un lot`,
  run,
});
