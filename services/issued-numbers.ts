import type { PrismaClient } from '../prisma/client.ts';
import { dakarYear } from '../processes/calendar.ts';
import { NUMBER_SEQUENCES, type NumberSequence } from '../processes/effects.ts';
import { nextInSequence } from './documents/numbering.ts';

/** `AGR-2026-0001`: a number that is also a valid business key (no slash). */
const numberOf = (sequence: NumberSequence, year: number, n: number) =>
  `${NUMBER_SEQUENCES[sequence]}-${year}-${String(n).padStart(4, '0')}`;

/**
 * The official number of `sequence` given for `key` (case, revision, effect position): the first
 * call takes the next number of the year and records it in the same transaction; every later call,
 * a retried effect's, finds it. A number is never given twice nor skipped.
 */
export async function issueNumber(prisma: PrismaClient, key: string, sequence: NumberSequence): Promise<string> {
  const issued = await prisma.issuedNumber.findUnique({ where: { key } });
  if (issued) return issued.number;
  const year = dakarYear(new Date());
  try {
    return await prisma.$transaction(
      async (tx) => {
        const number = numberOf(sequence, year, await nextInSequence(tx, `numero:${sequence}`, year));
        await tx.issuedNumber.create({ data: { key, sequence, number } });
        return number;
      },
      // Waits behind other numbers of the same sequence, which hold its row.
      { maxWait: 30_000, timeout: 60_000 },
    );
  } catch (error) {
    // Another attempt gave it first: its number stands, ours went back with the rollback.
    if ((error as { code?: string }).code === 'P2002') {
      const other = await prisma.issuedNumber.findUnique({ where: { key } });
      if (other) return other.number;
    }
    throw error;
  }
}
