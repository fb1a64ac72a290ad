import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.ts';
import { migrate } from '../runtime/migrate.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { importWorkforce } from '../services/enrolment/import-workforce.ts';
import { prismaImportPool } from '../services/enrolment/prisma-pool.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';

// The workforce import through the API's Prisma client (services/enrolment/prisma-pool.ts) on a real
// PostgreSQL: one transaction from BEGIN to COMMIT, a ROLLBACK after a failed statement leaves nothing,
// the failure keeps PostgreSQL's SQLSTATE (the import reads 23P01, the exclusion constraint's), and
// the import itself writes and reports as through a `pg` pool.

const keys = testDataKeys();
const HEADER = WORKFORCE_COLUMNS.join(';');
const file = (...lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);

let database: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  database = await createTestDatabase();
  prisma = createPrisma(database.url);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const employers = async (name: string) => prisma.employer.count({ where: { name } });

describe('the import pool over Prisma', () => {
  it('commits what COMMIT ends, and leaves nothing of what ROLLBACK ends after a failed statement', async () => {
    const pool = prismaImportPool(prisma);
    const committed = await pool.connect();
    await committed.query('BEGIN');
    const written = await committed.query(
      `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "sector", "communeCode") VALUES (gen_random_uuid()::text, 'IPM-P', 'Gardée', 'CSS-P-1', 'commerce', 'SN-DK-01')`,
    );
    expect(written.rowCount).toBe(1);
    // Inside the transaction, its own write is seen; outside, not yet.
    expect(
      (await committed.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Employer" WHERE "name" = 'Gardée'`)).rows,
    ).toEqual([{ n: 1 }]);
    expect(await employers('Gardée')).toBe(0);
    await committed.query('COMMIT');
    committed.release();
    expect(await employers('Gardée')).toBe(1);

    const abandoned = await pool.connect();
    await abandoned.query('BEGIN');
    await abandoned.query(
      `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "sector", "communeCode") VALUES (gen_random_uuid()::text, 'IPM-P', 'Perdue', 'CSS-P-2', 'commerce', 'SN-DK-01')`,
    );
    await expect(abandoned.query(`SELECT 'pas un nombre'::int`)).rejects.toMatchObject({ code: '22P02' });
    await abandoned.query('ROLLBACK');
    abandoned.release();
    expect(await employers('Perdue')).toBe(0);
  });

  it('imports a workforce file and refuses a NIN active in another IPM as through a pg pool', async () => {
    const db = prismaSql(prisma);
    const employerId = await insertEmployer(db, 'IPM-Q', 'Tannerie de Louga');
    const elsewhere = await insertEmployer(db, 'IPM-R');
    const active = await insertParticipant(db, keys, { ipmId: 'IPM-R', employerId: elsewhere, nin: '1771717017777' });
    await insertAffiliation(db, {
      participantId: active.id,
      ninIndex: active.ninIndex,
      ipmId: 'IPM-R',
      employerId: elsewhere,
      from: '2026-01-01',
    });
    const lines = [
      'P;L001;NIN;2751198505555;Kane;Coumba;1985-01-01;F;200000;2026-02-01;;',
      'A;L001;;;Kane;Alassane;2015-03-03;M;;;enfant;',
      'P;L002;NIN;1771717017777;Sy;Amadou;1977-07-07;M;300000;2026-02-01;;',
    ];
    const refused = await importWorkforce(prismaImportPool(prisma), {
      ipmId: 'IPM-Q',
      employerId,
      bytes: file(...lines),
      keys,
      asOf: '2026-12-01',
    });
    expect(refused).toMatchObject({ applied: false, refused: [{ line: 4 }] });
    expect(await prisma.participant.count({ where: { employerId } })).toBe(0);

    const aside = await importWorkforce(prismaImportPool(prisma), {
      ipmId: 'IPM-Q',
      employerId,
      bytes: file(...lines),
      keys,
      asOf: '2026-12-01',
      setAsideOtherIpm: true,
    });
    expect(aside).toMatchObject({ applied: true, participantsCreated: 1, dependantsCreated: 1, refused: [] });
    expect(aside.setAside.map((s) => [s.line, s.since, s.participant.matricule, s.dependantLines])).toEqual([
      [4, '2026-01-01', 'L002', []],
    ]);
    expect(await prisma.participant.count({ where: { employerId } })).toBe(1);
    expect(await prisma.affiliation.count({ where: { employerId } })).toBe(1);
  });
});

// On the embedded database (one connection), the transaction holds the only connection: every
// statement of the import must go through it.
describe('the import pool on the embedded database', () => {
  it('imports through the single connection', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-import-pglite-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    const single = createPrisma(embedded.url, { maxConnections: 1 });
    try {
      await migrate(embedded.url);
      const employerId = await insertEmployer(prismaSql(single), 'IPM-E', 'Boulangerie de Ziguinchor');
      const report = await importWorkforce(prismaImportPool(single), {
        ipmId: 'IPM-E',
        employerId,
        bytes: file('P;Z001;NIN;2751198506666;Badji;Awa;1985-01-01;F;200000;2026-02-01;;'),
        keys,
        asOf: '2026-12-01',
      });
      expect(report).toMatchObject({ applied: true, participantsCreated: 1 });
      expect(await single.participant.count({ where: { employerId } })).toBe(1);
    } finally {
      await single.$disconnect();
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
