import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPrisma } from '../prisma/client.ts';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.ts';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../runtime/migrate.ts';
import { createTestDatabase, postgresServerAvailable } from './support/database.ts';
import { required } from './support/dependencies.ts';

const INIT = '20261122120000_init';
// Every migration of the project, in the order they apply: a fresh database gets them all.
const ALL = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
// What `prisma migrate deploy` recorded for this migration in a database it migrated itself.
const PRISMA_INIT_CHECKSUM = '5c0eace711848944807d80ef5bc95b693e45c6c0efe71187d052ff00ac1f8bcb';

// The columns of `_prisma_migrations` as Prisma's schema engine creates them.
const PRISMA_MIGRATIONS_COLUMNS = [
  ['id', 'character varying', 36, 'NO', null],
  ['checksum', 'character varying', 64, 'NO', null],
  ['finished_at', 'timestamp with time zone', null, 'YES', null],
  ['migration_name', 'character varying', 255, 'NO', null],
  ['logs', 'text', null, 'YES', null],
  ['rolled_back_at', 'timestamp with time zone', null, 'YES', null],
  ['started_at', 'timestamp with time zone', null, 'NO', 'now()'],
  ['applied_steps_count', 'integer', null, 'NO', '0'],
];

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const serverAvailable = required(
  'Un serveur PostgreSQL',
  await postgresServerAvailable(),
  'démarrez-le, ou indiquez-le dans TEST_DATABASE_ADMIN_URL',
);

describe('migrate', () => {
  it('creates the tables and records the migration as Prisma does; a second run applies nothing', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      expect(await migrate(db.url)).toEqual({ applied: ALL });

      const tables = await query<{ table_name: string }>(
        db.url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['ProcessDefinition', 'Case', '_prisma_migrations']),
      );

      const columns = await query(
        db.url,
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns.map((c) => Object.values(c))).toEqual(PRISMA_MIGRATIONS_COLUMNS);

      const rows = await query(db.url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
      expect(rows).toHaveLength(ALL.length);
      const row = rows[0] as Record<string, unknown>;
      expect(row).toMatchObject({
        migration_name: INIT,
        checksum: PRISMA_INIT_CHECKSUM,
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect((row.finished_at as Date) >= (row.started_at as Date)).toBe(true);

      expect(await migrate(db.url)).toEqual({ applied: [] });
      expect(await query(db.url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(ALL.length);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('refuses an applied migration whose checksum no longer matches, naming it', async () => {
    const db = await createTestDatabase();
    try {
      await query(db.url, "UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $1", [INIT]);
      await expect(migrate(db.url)).rejects.toThrow(new RegExp(`migration ${INIT} a été modifiée`));
    } finally {
      await db.drop();
    }
  }, 60_000);

  // PGlite is a single session: concurrency between processes only exists on a real server.
  it.runIf(serverAvailable)(
    'lets two concurrent runs succeed while applying the migration once',
    async () => {
      const db = await createTestDatabase({ migrate: false });
      try {
        const results = await Promise.all([migrate(db.url), migrate(db.url)]);
        expect(results.flatMap((r) => r.applied)).toEqual(ALL);
        expect(await query(db.url, 'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name')).toEqual(
          ALL.map((migration_name) => ({ migration_name })),
        );
      } finally {
        await db.drop();
      }
    },
    60_000,
  );
});

describe('embedded PostgreSQL (PGlite)', () => {
  it('migrates, serves Prisma, and keeps its data across a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-pglite-'));
    try {
      const first = await startEmbeddedPostgres({ dataDir, port: 0 });
      try {
        expect(first.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
        expect(await migrate(first.url)).toEqual({ applied: ALL });
        const prisma = createPrisma(first.url, { maxConnections: 1 });
        try {
          await prisma.processDefinition.create({
            data: { processId: 'remboursement', version: 1, title: 'Remboursement', hash: 'h1', definition: { a: 1 } },
          });
          const found = await prisma.processDefinition.findMany();
          expect(found.map((d) => [d.processId, d.version, d.title])).toEqual([['remboursement', 1, 'Remboursement']]);

          // Prisma's pooled connection is still open: PGlite turns a second one away rather than queueing it.
          const second = new pg.Client({ connectionString: first.url, connectionTimeoutMillis: 5000 });
          second.on('error', () => {});
          await expect(second.connect()).rejects.toThrow();
        } finally {
          await prisma.$disconnect();
        }
      } finally {
        await first.stop();
        await first.stop();
      }

      const again = await startEmbeddedPostgres({ dataDir, port: 0 });
      try {
        expect(await migrate(again.url)).toEqual({ applied: [] });
        const prisma = createPrisma(again.url, { maxConnections: 1 });
        try {
          const found = await prisma.processDefinition.findUnique({
            where: { processId_version: { processId: 'remboursement', version: 1 } },
          });
          expect(found?.definition).toEqual({ a: 1 });
        } finally {
          await prisma.$disconnect();
        }
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('names the port and EMBEDDED_DB_PORT when the port is taken', async () => {
    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-pglite-'));
    try {
      await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(
        new RegExp(`port ${port} .*EMBEDDED_DB_PORT`),
      );
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
