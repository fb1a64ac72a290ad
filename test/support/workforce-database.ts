import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

// The workforce import's suites: a database of their own and a pool on it, created before the suite and
// dropped after it, and the three counts an import changes (participants, affiliations, dependants).

export interface WorkforceDatabase {
  /** The pool and the database's URL, once the suite has started. */
  readonly pool: pg.Pool;
  readonly url: string;
  counts(): Promise<{ p: number; a: number; d: number } | undefined>;
}

/** Call at the top of a test file: it registers the suite's set-up and tear-down. */
export function workforceDatabase(): WorkforceDatabase {
  let database: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 3 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  const opened = () => {
    if (!pool) throw new Error('La base du test n’est pas encore créée (appelez-la dans un test).');
    return pool;
  };
  return {
    get pool() {
      return opened();
    },
    get url() {
      opened();
      return (database as TestDatabase).url;
    },
    counts: async () =>
      (
        await opened().query<{ p: number; a: number; d: number }>(
          `SELECT (SELECT count(*)::int FROM "Participant") AS p, (SELECT count(*)::int FROM "Affiliation") AS a, (SELECT count(*)::int FROM "Dependant") AS d`,
        )
      ).rows[0],
  };
}
