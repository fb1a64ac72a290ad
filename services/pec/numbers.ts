import type { Prisma } from '../../prisma/client.ts';
import { nextInSequence } from '../documents/numbering.ts';

// A granted PEC's number: PEC-<IPM>-<year>-<sequence>, one gap-free sequence per IPM and year
// (the sequence's row is locked until the caller's transaction ends, and a rollback gives the number
// back). Organisations carry no short code: the IPM's part is its identifier in capitals and digits,
// at most 12, which is stable and never a person's data.

export const ipmCodeOf = (ipmId: string): string =>
  ipmId
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 12) || 'IPM';

export async function nextPecNumber(tx: Prisma.TransactionClient, ipmId: string, year: number): Promise<string> {
  const code = ipmCodeOf(ipmId);
  const n = await nextInSequence(tx, `numero:pec:${code}`, year);
  return `PEC-${code}-${year}-${String(n).padStart(5, '0')}`;
}
