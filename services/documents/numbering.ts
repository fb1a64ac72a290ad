import type { Prisma } from '../../prisma/client.ts';

/**
 * The next number of a yearly sequence, inside the caller's transaction. The upsert locks the
 * sequence's row until that transaction ends: a concurrent caller waits and gets the following
 * number, and a transaction that rolls back gives its number back. So numbers are never reused
 * and never skipped, as long as the document that carries the number is written in the same
 * transaction.
 */
export async function nextInSequence(tx: Prisma.TransactionClient, kind: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "DocumentSequence" ("kind", "year", "last") VALUES (${kind}, ${year}, 1)
    ON CONFLICT ("kind", "year") DO UPDATE SET "last" = "DocumentSequence"."last" + 1
    RETURNING "last"`;
  return Number(rows[0]?.last);
}

/** `2026/DPS/AGR/0001` */
export const officialNumber = (year: number, prefix: string, sequence: number): string =>
  `${year}/${prefix}/${String(sequence).padStart(4, '0')}`;
