import pg from 'pg';

// What the enrolment's services need of a database: a `pg` Pool or Client (the projection pool, a
// test's own). Set-based statements only: arrays as parameters, never one statement per row.
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A `date` column as `YYYY-MM-DD`, never through a JavaScript Date (no time zone in between). */
export const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** A statement a read path runs thousands of times a minute, under a name of its own. */
export interface NamedStatement {
  name: string;
  text: string;
}

/**
 * Runs a named statement: on a `pg` pool or client it is prepared once per connection and then only
 * bound and executed, which spares the server parsing and planning it at every call (the rights
 * check's two statements are most of its time); any other client runs its text.
 */
export function queryNamed<R extends object = Record<string, unknown>>(
  db: SqlClient,
  statement: NamedStatement,
  values: unknown[],
): Promise<{ rows: R[] }> {
  if (db instanceof pg.Pool || db instanceof pg.Client)
    return db.query<R>({ name: statement.name, text: statement.text, values });
  return db.query<R>(statement.text, values);
}
