// What the enrolment's services need of a database: a `pg` Pool or Client (the projection pool, a
// test's own). Set-based statements only: arrays as parameters, never one statement per row.
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A `date` column as `YYYY-MM-DD`, never through a JavaScript Date (no time zone in between). */
export const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
