import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../runtime/embedded-postgres.ts';
import { migrate } from '../../runtime/migrate.ts';
import { inCi } from './dependencies.ts';

export type TestDatabase = {
  url: string;
  /** True when no PostgreSQL server answered and the database is an embedded PGlite (one connection at a time). */
  embedded: boolean;
  drop(): Promise<void>;
};

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

let serverProbe: Promise<boolean> | undefined;

/**
 * Whether a PostgreSQL server answers at TEST_DATABASE_ADMIN_URL; asked once per test file. Tried three
 * times: on a loaded machine a server that is there can miss one short connection timeout, and in CI
 * that miss would fail the whole run.
 */
export function postgresServerAvailable(): Promise<boolean> {
  serverProbe ??= (async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (await probeOnce()) return true;
      if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return false;
  })();
  return serverProbe;
}

async function probeOnce(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for one test: a fresh `siamo_test_<random>` on the PostgreSQL server when one
 * answers (the fast path, and the one that behaves like production), else an embedded PGlite in a
 * temporary directory, so the suite still runs on a machine without PostgreSQL — but never in CI,
 * where the single-connection PGlite would hide what only a real server shows (concurrency, pools).
 * Migrated unless `migrate: false`.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrate ?? true;
  if (await postgresServerAvailable()) {
    const name = `siamo_test_${randomBytes(6).toString('hex')}`;
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const drop = () =>
      withAdmin(async (admin) => {
        // A pool a test forgot to close would otherwise make DROP DATABASE fail.
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
    try {
      if (migrated) await migrate(url.toString());
    } catch (error) {
      await drop();
      throw error;
    }
    return { url: url.toString(), embedded: false, drop };
  }

  if (inCi()) {
    throw new Error(
      `Aucun serveur PostgreSQL ne répond à ${new URL(adminUrl).host}, et CI=true : démarrez-le ou indiquez-le dans ` +
        'TEST_DATABASE_ADMIN_URL ; en CI les tests ne se rabattent pas sur le PostgreSQL embarqué (PGlite).',
    );
  }
  console.warn('Pas de serveur PostgreSQL : ce test utilise le PostgreSQL embarqué (PGlite, une connexion à la fois).');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-test-pglite-'));
  const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
  const drop = async () => {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (migrated) await migrate(embedded.url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: embedded.url, embedded: true, drop };
}
