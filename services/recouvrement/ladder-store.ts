import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import { DEFAULT_LADDER, type LadderLevel, ladderProblems } from '../../processes/recouvrement/ladder.ts';
import { SiamoError } from '../errors.ts';

/** An IPM's ladder: its own row, else the default. */
export async function ladderOf(
  prisma: PrismaClient,
  ipmId: string,
): Promise<{ levels: readonly LadderLevel[]; own: boolean; updatedBy: string | null; updatedAt: Date | null }> {
  const row = await prisma.reminderLadder.findUnique({ where: { ipmId } });
  if (!row) return { levels: DEFAULT_LADDER, own: false, updatedBy: null, updatedAt: null };
  return {
    levels: row.levels as unknown as LadderLevel[],
    own: true,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** Sets an IPM's ladder; refused in French, nothing written, when a level is wrong. */
export async function setLadder(
  prisma: PrismaClient,
  ipmId: string,
  levels: unknown,
  updatedBy: string,
): Promise<void> {
  const problems = ladderProblems(levels);
  if (problems.length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Échelle de relances refusée : ${problems.join(' ')} Corrigez-la et recommencez.`,
    );
  const data = { levels: levels as Prisma.InputJsonValue, updatedBy, updatedAt: new Date() };
  await prisma.reminderLadder.upsert({ where: { ipmId }, create: { ipmId, ...data }, update: data });
}
