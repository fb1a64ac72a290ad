/** Loads rows by id, one query per batch: fields resolved side by side share one round trip. */
export type Loader<Row> = (id: string) => Promise<Row | null>;

/**
 * Collects the ids asked for while GraphQL resolves one level of a query (until the next turn of the
 * event loop), then fetches them at once. Made per request, so nothing is cached across people.
 */
export function batchLoader<Row extends { id: string }>(fetch: (ids: string[]) => Promise<Row[]>): Loader<Row> {
  const cache = new Map<string, Promise<Row | null>>();
  let batch: Map<string, (row: Row | null) => void> | null = null;
  let failures: ((error: unknown) => void)[] = [];
  const flush = async () => {
    const current = batch ?? new Map();
    const fail = failures;
    batch = null;
    failures = [];
    try {
      const rows = new Map((await fetch([...current.keys()])).map((row) => [row.id, row]));
      for (const [id, resolve] of current) resolve(rows.get(id) ?? null);
    } catch (error) {
      for (const reject of fail) reject(error);
    }
  };
  return (id) => {
    let row = cache.get(id);
    if (!row) {
      row = new Promise<Row | null>((resolve, reject) => {
        if (!batch) {
          batch = new Map();
          setImmediate(flush);
        }
        batch.set(id, resolve);
        failures.push(reject);
      });
      cache.set(id, row);
    }
    return row;
  };
}
