import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import type { SqlClient } from '../enrolment/sql.ts';

// The recouvrement's statements go through Prisma's raw queries, in a transaction where they must be
// one (a payment and its allocations; a batch chunk and the chunk's record). Amounts are read as
// float8 (exact to 2^53 FCFA), never as BigInt, so that JSON and GraphQL take them as they are.

export const txSql = (tx: Prisma.TransactionClient | PrismaClient): SqlClient => ({
  query: async <R extends object>(sql: string, values: unknown[] = []) => ({
    rows: await tx.$queryRawUnsafe<R[]>(sql, ...values),
  }),
});

/** Runs `work` in one transaction, with a SqlClient over it. */
export const inTransaction = <T>(prisma: PrismaClient, work: (db: SqlClient) => Promise<T>): Promise<T> =>
  prisma.$transaction((tx) => work(txSql(tx)), { timeout: 120_000 });
