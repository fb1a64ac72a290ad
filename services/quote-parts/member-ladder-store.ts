import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import {
  DEFAULT_MEMBER_LADDER,
  type MemberLadderLevel,
  memberLadderProblems,
} from '../../processes/quote-parts/ladder.ts';
import { SiamoError } from '../errors.ts';

export interface MemberLadderView {
  levels: readonly MemberLadderLevel[];
  own: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** An IPM's ladder for its members' debts: its own row, else the default. */
export async function memberLadderOf(prisma: PrismaClient, ipmId: string): Promise<MemberLadderView> {
  const row = await prisma.memberReminderLadder.findUnique({ where: { ipmId } });
  if (!row) return { levels: DEFAULT_MEMBER_LADDER, own: false, updatedBy: null, updatedAt: null };
  return {
    levels: row.levels as unknown as MemberLadderLevel[],
    own: true,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** Sets an IPM's members' ladder; refused in French, nothing written, when a level is wrong. */
export async function setMemberLadder(
  prisma: PrismaClient,
  ipmId: string,
  levels: unknown,
  updatedBy: string,
): Promise<void> {
  const problems = memberLadderProblems(levels);
  if (problems.length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Échelle de relances des assurés refusée : ${problems.join(' ')} Corrigez-la et recommencez.`,
    );
  const clean = (levels as MemberLadderLevel[]).map((l) => ({ action: l.action, delai: l.delai }));
  const data = { levels: clean as unknown as Prisma.InputJsonValue, updatedBy, updatedAt: new Date() };
  await prisma.memberReminderLadder.upsert({ where: { ipmId }, create: { ipmId, ...data }, update: data });
}
