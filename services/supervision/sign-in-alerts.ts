import type { PrismaClient } from '../../prisma/client.ts';

/** `account`: the person's e-mail when the address is someone's, else the address typed, masked. */
export type SignInAlert = { at: Date; account: string; outcome: string; ip: string | null };
export type SignInAlerts = {
  since: Date;
  failures: number;
  locks: number;
  recent: SignInAlert[];
  lockedAccounts: { account: string; until: Date }[];
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
      select: { at: true, maskedEmail: true, userId: true, outcome: true, ip: true },
    }),
    prisma.signInEvent.findMany({
      where: { at: { gt: new Date(now.getTime() - lockDurationMs) }, outcome: 'verrouillage' },
      orderBy: { at: 'desc' },
      distinct: ['addressKey'],
      select: { maskedEmail: true, userId: true, at: true },
    }),
  ]);
  // Administrators manage people: an address that is someone's is shown as theirs.
  const userIds = [...new Set([...recent, ...locked].flatMap((e) => (e.userId ? [e.userId] : [])))];
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const account = (e: { userId: string | null; maskedEmail: string }) =>
    (e.userId && emailOf.get(e.userId)) || e.maskedEmail;
  return {
    since,
    failures,
    locks,
    recent: recent.map((e) => ({ at: e.at, account: account(e), outcome: e.outcome, ip: e.ip })),
    lockedAccounts: locked.map((e) => ({ account: account(e), until: new Date(e.at.getTime() + lockDurationMs) })),
  };
}
