import type { PrismaClient } from '../../prisma/client.ts';
import { databaseCode } from './declare-hire.ts';

// The workforce import (./import-workforce.ts) speaks to a `pg` pool: BEGIN, set-based statements,
// COMMIT or ROLLBACK on one connection. The API has no pool of its own — only its Prisma client,
// which is also the one way to the embedded database (a single connection) — so this gives the
// import one of Prisma's interactive transactions under the same shape: BEGIN opens it, COMMIT lets
// it finish, ROLLBACK abandons it. A statement's failure carries PostgreSQL's SQLSTATE as `code`, as
// `pg` would (the import recognises the exclusion constraint's 23P01).

export interface ImportClient {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
  release(): void;
}

export interface ImportPool {
  connect(): Promise<ImportClient>;
}

/** Long enough for the largest file the upload limit lets through. */
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

class Abandoned extends Error {}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function prismaImportPool(prisma: PrismaClient): ImportPool {
  return {
    connect: async () => {
      let tx: Tx | undefined;
      let finish: ((commit: boolean) => void) | undefined;
      let settled: Promise<unknown> = Promise.resolve();
      const run = async <R extends object>(sql: string, values: unknown[]) => {
        if (!tx) throw new Error('Requête hors transaction : l’import commence par BEGIN.');
        // A statement without RETURNING answers no rows: its count is what the import reads.
        if (/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql) && !/\bRETURNING\b/i.test(sql)) {
          const count = await tx.$executeRawUnsafe(sql, ...values);
          return { rows: [] as R[], rowCount: count };
        }
        const rows = await tx.$queryRawUnsafe<R[]>(sql, ...values);
        return { rows, rowCount: rows.length };
      };
      return {
        query: async <R extends object = Record<string, unknown>>(sql: string, values: unknown[] = []) => {
          const command = sql.trim().toUpperCase();
          if (command === 'BEGIN') {
            await new Promise<void>((ready) => {
              settled = prisma
                .$transaction(
                  (t) =>
                    new Promise<void>((resolve, reject) => {
                      tx = t;
                      finish = (commit) => (commit ? resolve() : reject(new Abandoned()));
                      ready();
                    }),
                  { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
                )
                .catch((error) => {
                  if (!(error instanceof Abandoned)) throw error;
                });
              // A transaction that could not start: its error is BEGIN's.
              settled.catch(() => ready());
            });
            if (!tx) await settled;
            return { rows: [] as R[], rowCount: null };
          }
          if (command === 'COMMIT' || command === 'ROLLBACK') {
            finish?.(command === 'COMMIT');
            finish = undefined;
            tx = undefined;
            await settled;
            return { rows: [] as R[], rowCount: null };
          }
          try {
            return await run<R>(sql, values);
          } catch (error) {
            const code = databaseCode(error);
            if (code && error instanceof Error) throw Object.assign(error, { code });
            throw error;
          }
        },
        release: () => {
          finish?.(false);
        },
      };
    },
  };
}
