import pg from 'pg';

/**
 * The projection's own connections: a plain `pg` pool, without Prisma's driver-adapter layer, for the
 * one statement every transition writes (the benchmark measured it several times cheaper in CPU).
 * Not for the embedded PGlite, which serves a single connection: there the projection goes through
 * Prisma's pool.
 */
export function createProjectionPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000 });
  // An idle connection the server drops must not crash the worker: the next write reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export type ProjectionPool = pg.Pool;
