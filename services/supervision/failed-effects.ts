import type { PrismaClient } from '../../prisma/client.ts';

export type FailedEffect = {
  caseId: string;
  revision: number;
  effect: string;
  failureType: string;
  attempts: number;
  failedAt: Date;
};
export type FailedEffects = { total: number; recent: FailedEffect[] };

const RECENT = 20;

/** Effects given up after their last attempt (activities/effect-failures.ts), newest first. */
export async function readFailedEffects(prisma: PrismaClient): Promise<FailedEffects> {
  const [total, recent] = await Promise.all([
    prisma.effectFailure.count(),
    prisma.effectFailure.findMany({
      orderBy: { failedAt: 'desc' },
      take: RECENT,
      select: { caseId: true, revision: true, effect: true, failureType: true, attempts: true, failedAt: true },
    }),
  ]);
  return { total, recent };
}
