import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createProjectionPool } from '../activities/projection-pool.ts';
import { createPrisma } from '../prisma/client.ts';
import { startHttpServer } from '../runtime/http-server.ts';
import { migrate } from '../runtime/migrate.ts';
import type { ApiServices } from '../schema/context.ts';
import { rightsCheckRoutes } from '../schema/controle/http-routes.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import type { CaseServiceContext } from '../services/context.ts';
import type { SqlClient } from '../services/enrolment/sql.ts';
import { accreditProvider } from '../test/support/controle.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { insertEmployer } from '../test/support/enrolment.ts';
import type { DroitsDriverReply, DroitsDriverRequest } from './droits-driver.ts';
import { metric, registerBenchmark } from './registry.ts';

// The rights check under load: checks by card number over HTTP (the one-line text endpoint: bearer
// token, the permissions table, the provider's accreditation in the referential, the card lookup,
// `rightsAt`, the IPM, the log insert) from a load driver in its own process, against a bare Node
// HTTP server doing the same indexed card lookup and the same log insert, in the same run on the same
// database, in turns. The check never touches Temporal (a read path): the server runs without it.
// Prints `metric droits.checks_per_s`, `metric droits.check_p95_ms` and `metric droits.ratio_bare`.

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 6_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
/** The measured checks are sent in this many turns of each server, one after the other. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const IPM = 'ipm-bench-droits';
const PROVIDER = 'ps-bench-droits';

async function seed(url: string) {
  const prisma = createPrisma(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await prisma.organisation.createMany({
    data: [
      { id: IPM, kind: 'IPM', name: 'IPM du banc d’essai' },
      { id: PROVIDER, kind: 'PRESTATAIRE', name: 'Clinique du banc d’essai' },
    ],
  });
  const user = await prisma.user.create({
    data: {
      email: 'agent.ps@bench.siamo.sn',
      displayName: 'Agent',
      passwordHash: 'x',
      organisationId: PROVIDER,
      roles: ['agent_ps'],
    },
  });
  const token = await createApiToken(prisma, { userId: user.id, label: 'logiciel du banc' });
  await accreditProvider(prisma, PROVIDER, 'PS-99001');
  const employerId = await insertEmployer(pool, IPM);
  // Set-based: participants and their open affiliations, synthetic identifiers (the blind index is any unique text here).
  await pool.query(
    `INSERT INTO "Participant" ("id", "ipmId", "employerId", "ninChiffre", "ninIndex", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary")
     SELECT 'bp-' || i, $1, $2, '\\x00'::bytea, md5('nin' || i), 'M' || i, 'Nom', 'Prenom', DATE '1980-01-01', 'F', 200000
       FROM generate_series(1, $3::int) AS i`,
    [IPM, employerId, MEMBERS],
  );
  await pool.query(
    `INSERT INTO "Affiliation" ("id", "participantId", "ninIndex", "ipmId", "employerId", "validFrom", "startReason")
     SELECT 'ba-' || i, 'bp-' || i, md5('nin' || i), $1, $2, DATE '2020-01-01', 'embauche' FROM generate_series(1, $3::int) AS i`,
    [IPM, employerId, MEMBERS],
  );
  const { rows } = await pool.query<{ cardNumber: string }>(
    `SELECT "cardNumber" FROM "Participant" WHERE "ipmId" = $1 ORDER BY random() LIMIT 5000`,
    [IPM],
  );
  await pool.query('ANALYZE');
  await pool.end();
  return { prisma, token, cards: rows.map((r) => r.cardNumber) };
}

/** The baseline: the same card lookup (the unique index) and the same log insert, nothing else. */
function bareServer(url: string): Promise<{ server: Server; url: string; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // The test database's drop ends the connections still open: not an error of the measure.
  pool.on('error', () => undefined);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const card = new URLSearchParams(Buffer.concat(chunks).toString()).get('carte') ?? '';
      const found = await pool.query<{ id: string; ipmId: string }>(
        `SELECT p."id", p."ipmId" FROM "Participant" p WHERE p."cardNumber" = $1
         UNION ALL SELECT d."id", p."ipmId" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId" WHERE d."cardNumber" = $1`,
        [card],
      );
      const who = found.rows[0];
      const line = who ? 'COUVERT' : 'NON COUVERT';
      const logged = await pool.query<{ id: string }>(
        `INSERT INTO "RightsCheck" ("actorId", "providerOrganisationId", "channel", "lookup", "subjectKey", "beneficiaryId", "ipmId", "careDate", "outcome", "covered", "answer")
         VALUES ('bare', $1, 'texte', 'carte', $2, $3, $4, CURRENT_DATE, 'couvert', $5, $6) RETURNING "id"`,
        [PROVIDER, card, who?.id ?? null, who?.ipmId ?? null, who !== undefined, line],
      );
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${line} - Contrôle CD-${logged.rows[0]?.id}.\n`);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, pool, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/controle/texte` }),
    ),
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

registerBenchmark({
  name: 'droits-checks',
  description: `${CHECKS} contrôles de droits par HTTP (${CLIENTS} clients, ${MEMBERS} assurés), face à un serveur Node nu`,
  async run() {
    const cleanup: (() => Promise<unknown>)[] = [];
    try {
      let url = process.env.DATABASE_URL;
      if (url) await migrate(url);
      else {
        const database = await createTestDatabase();
        cleanup.push(() => database.drop());
        url = database.url;
      }
      const { prisma, token, cards } = await seed(url);
      cleanup.unshift(() => prisma.$disconnect());
      // The check's own plain pool, as `npm start` gives it on a PostgreSQL server (runtime/siamo.ts).
      const checkDb = createProjectionPool(url, 10);
      cleanup.unshift(() => checkDb.end());
      const services = {
        checkDb: checkDb as SqlClient,
        cases: {
          prisma,
          // No limit and no alert in the way of the measure: one provider sends everything.
          settingOverrides: { controleParMinute: 100_000_000, controleAlerteBeneficiaires: 100_000_000 },
        } as unknown as CaseServiceContext,
      } as ApiServices;
      const product = await startHttpServer({
        host: '127.0.0.1',
        port: 0,
        health: async () => ({ ok: true }),
        handlers: [rightsCheckRoutes(services)],
      });
      cleanup.unshift(() => product.close());
      const bare = await bareServer(url);
      cleanup.unshift(async () => {
        await new Promise((r) => bare.server.close(r));
        await bare.pool.end();
      });

      const driver = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'droits-driver.ts'), [], {
        execArgv: ['--import', 'tsx'],
      });
      cleanup.unshift(async () => driver.kill());
      const ask = (request: DroitsDriverRequest) =>
        new Promise<Extract<DroitsDriverReply, { kind: 'done' }>>((resolve, reject) => {
          driver.once('message', (reply: DroitsDriverReply) =>
            reply.kind === 'done' ? resolve(reply) : reject(new Error(reply.message)),
          );
          driver.send(request);
        });
      const roundOn = (target: string, checks: number) =>
        ask({ kind: 'round', url: target, token, cards, clients: CLIENTS, checks });

      // Warm both (JIT, connection pools, caches), then measure them in turns, so that a change of the
      // machine's load during the run weighs on both alike rather than on whichever ran at that moment.
      await roundOn(`${product.url}/controle/texte`, 500);
      await roundOn(bare.url, 500);
      const perRound = Math.ceil(CHECKS / ROUNDS);
      const measured = { elapsedMs: 0, latencies: [] as number[], refused: 0, checks: 0 };
      const baseline = { elapsedMs: 0, latencies: [] as number[], refused: 0, checks: 0 };
      for (let round = 0; round < ROUNDS; round++)
        for (const [target, into] of [
          [`${product.url}/controle/texte`, measured],
          [bare.url, baseline],
        ] as const) {
          const done = await roundOn(target, perRound);
          into.elapsedMs += done.elapsedMs;
          into.latencies.push(...done.latencies);
          into.refused += done.refused;
          into.checks += perRound;
        }
      if (measured.refused > 0 || baseline.refused > 0)
        throw new Error(`réponses refusées : ${measured.refused} (Siamo), ${baseline.refused} (nu)`);
      const perSecond = (measured.checks / measured.elapsedMs) * 1000;
      const barePerSecond = (baseline.checks / baseline.elapsedMs) * 1000;
      console.log(
        `Siamo : ${perSecond.toFixed(0)} contrôles/s, p50 ${percentile(measured.latencies, 50).toFixed(1)} ms, ` +
          `p95 ${percentile(measured.latencies, 95).toFixed(1)} ms ; serveur nu : ${barePerSecond.toFixed(0)} contrôles/s, ` +
          `p95 ${percentile(baseline.latencies, 95).toFixed(1)} ms`,
      );
      metric('droits.checks_per_s', perSecond);
      metric('droits.check_p95_ms', percentile(measured.latencies, 95));
      metric('droits.bare_checks_per_s', barePerSecond);
      metric('droits.ratio_bare', perSecond / barePerSecond);
    } finally {
      for (const step of cleanup) await step().catch(() => undefined);
    }
  },
});
