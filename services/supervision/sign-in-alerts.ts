import type { PrismaClient } from '../../prisma/client.ts';

export type SignInAlert = { at: Date; email: string; outcome: string; ip: string | null };
export type SignInAlerts = {
  since: Date;
  failures: number;
  locks: number;
  recent: SignInAlert[];
  lockedAccounts: { email: string; until: Date }[];
};

/** The outcomes of `SignInEvent` that tell of a failure or a lock (services/auth/sign-in.ts). */
export const FAILED_OUTCOMES = ['echec', 'verrouillage', 'verrouille'];
const WINDOW_MS = 24 * 3600_000;
const RECENT = 30;

/**
 * The last day's sign-in failures and locks. An address is locked for `lockDurationMs` from the attempt
 * that locked it (the lock itself is kept under a keyed hash of the address, which names no one).
 */
export async function readSignInAlerts(
  prisma: PrismaClient,
  lockDurationMs: number,
  now = new Date(),
): Promise<SignInAlerts> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [failures, locks, recent, locked] = await Promise.all([
    prisma.signInEvent.count({ where: { at: { gt: since }, outcome: 'echec' } }),
    prisma.signInEvent.count({ where: { at: { gt: since }, outcome: 'verrouillage' } }),
    prisma.signInEvent.findMany({
      where: { at: { gt: since }, outcome: { in: FAILED_OUTCOMES } },
      orderBy: { at: 'desc' },
      take: RECENT,
      select: { at: true, email: true, outcome: true, ip: true },
    }),
    prisma.signInEvent.findMany({
      where: { at: { gt: new Date(now.getTime() - lockDurationMs) }, outcome: 'verrouillage' },
      orderBy: { at: 'desc' },
      distinct: ['email'],
      select: { email: true, at: true },
    }),
  ]);
  return {
    since,
    failures,
    locks,
    recent,
    lockedAccounts: locked.map((e) => ({ email: e.email, until: new Date(e.at.getTime() + lockDurationMs) })),
  };
}
