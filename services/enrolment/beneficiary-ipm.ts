import type { PrismaClient } from '../../prisma/client.ts';
import type { SqlClient } from './sql.ts';

/** The enrolment's statements through the API's Prisma client (its `pg` driver adapter). */
export const prismaSql = (prisma: PrismaClient): SqlClient => ({
  query: async <R extends object>(sql: string, values: unknown[] = []) => ({
    rows: await prisma.$queryRawUnsafe<R[]>(sql, ...values),
  }),
});

/** Runs `work` in one transaction of the API's Prisma client: a throw rolls everything back. */
export const prismaTransaction =
  (prisma: PrismaClient) =>
  <T>(work: (db: SqlClient) => Promise<T>): Promise<T> =>
    prisma.$transaction((tx) =>
      work({
        query: async <R extends object>(sql: string, values: unknown[] = []) => ({
          rows: await tx.$queryRawUnsafe<R[]>(sql, ...values),
        }),
      }),
    );

/** The IPM whose register holds a beneficiary (a participant or a dependant), or null for nobody. */
export async function beneficiaryIpm(prisma: PrismaClient, beneficiaryId: string): Promise<string | null> {
  const participant = await prisma.participant.findUnique({ where: { id: beneficiaryId }, select: { ipmId: true } });
  if (participant) return participant.ipmId;
  const dependant = await prisma.dependant.findUnique({
    where: { id: beneficiaryId },
    select: { participant: { select: { ipmId: true } } },
  });
  return dependant?.participant.ipmId ?? null;
}
