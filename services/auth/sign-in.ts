import type { PrismaClient } from '../../prisma/client.ts';
import type { Viewer } from '../viewer.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { AuthSettings } from './settings.ts';
import { newSecret, secretId } from './tokens.ts';
import { viewerOf } from './viewer-of.ts';

export type SignInResult =
  | { ok: true; sessionToken: string; expiresAt: Date; viewer: Viewer }
  | { ok: false; code: 'identifiants_invalides' | 'compte_verrouille'; message: string; retryAfterSeconds?: number };

// Compared against when the email is unknown, so that a wrong email costs the same time as a wrong
// password and does not reveal which accounts exist.
const decoy = hashPassword('leurre-pour-un-compte-inconnu-0');

const INVALID = 'Adresse électronique ou mot de passe incorrect.';

/**
 * Signs a person in. Each failure in a row slows the next attempt down, and after
 * `lockAfterFailures` the account locks for `lockDurationMs`. Every attempt is recorded.
 */
export async function signIn(
  deps: { prisma: PrismaClient; auth: AuthSettings },
  attempt: { email: string; password: string; ip?: string },
): Promise<SignInResult> {
  const { prisma, auth } = deps;
  const email = attempt.email.trim().toLowerCase();
  const record = (outcome: string, userId?: string) =>
    prisma.signInEvent.create({ data: { email, outcome, userId: userId ?? null, ip: attempt.ip ?? null } });
  const user = await prisma.user.findUnique({ where: { email }, include: { organisation: true } });

  if (!user?.active) {
    // Unknown addresses are slowed down like known ones, from their recent failures, so that the
    // delay does not tell which accounts exist.
    const recentFailures = await prisma.signInEvent.count({
      where: { email, outcome: 'echec', at: { gt: new Date(Date.now() - auth.lockDurationMs) } },
    });
    await slowDown(recentFailures);
    await verifyPassword(attempt.password, await decoy);
    await record('echec');
    return { ok: false, code: 'identifiants_invalides', message: INVALID };
  }
  const now = Date.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    await record('verrouille', user.id);
    return locked(user.lockedUntil.getTime() - now);
  }
  await slowDown(user.failedSignIns);

  if (!(await verifyPassword(attempt.password, user.passwordHash))) {
    // Counted in the database, not from the row read above: attempts sent in parallel each count.
    const { failedSignIns: failures } = await prisma.user.update({
      where: { id: user.id },
      data: { failedSignIns: { increment: 1 } },
      select: { failedSignIns: true },
    });
    const lock = failures >= auth.lockAfterFailures;
    if (lock) {
      await prisma.user.update({
        where: { id: user.id },
        data: { failedSignIns: 0, lockedUntil: new Date(now + auth.lockDurationMs) },
      });
    }
    await record(lock ? 'verrouillage' : 'echec', user.id);
    return lock ? locked(auth.lockDurationMs) : { ok: false, code: 'identifiants_invalides', message: INVALID };
  }

  // A burst of parallel guesses may have locked the account while this one was being checked: the
  // right password found in such a burst must not open a session.
  const unlocked = await prisma.user.updateMany({
    where: { id: user.id, OR: [{ lockedUntil: null }, { lockedUntil: { lte: new Date() } }] },
    data: { failedSignIns: 0, lockedUntil: null },
  });
  if (unlocked.count === 0) {
    const current = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } });
    await record('verrouille', user.id);
    return locked((current.lockedUntil?.getTime() ?? now) - Date.now());
  }
  const sessionToken = newSecret();
  const expiresAt = new Date(Date.now() + auth.sessionDurationMs);
  await prisma.$transaction([
    prisma.session.create({ data: { id: secretId(sessionToken), userId: user.id, expiresAt } }),
    prisma.signInEvent.create({ data: { email, outcome: 'succes', userId: user.id, ip: attempt.ip ?? null } }),
  ]);
  return { ok: true, sessionToken, expiresAt, viewer: viewerOf(user) };
}

/** Ends a session; recorded like a sign-in. Unknown or already ended sessions are ignored. */
export async function signOut(deps: { prisma: PrismaClient }, sessionToken: string, ip?: string): Promise<void> {
  const session = await deps.prisma.session.findUnique({
    where: { id: secretId(sessionToken) },
    include: { user: true },
  });
  if (!session || session.revokedAt) return;
  await deps.prisma.$transaction([
    deps.prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date() } }),
    deps.prisma.signInEvent.create({
      data: { email: session.user.email, outcome: 'deconnexion', userId: session.userId, ip: ip ?? null },
    }),
  ]);
}

function locked(remainingMs: number): SignInResult {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return {
    ok: false,
    code: 'compte_verrouille',
    message: `Trop de tentatives échouées : le compte est verrouillé. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    retryAfterSeconds: Math.ceil(remainingMs / 1000),
  };
}

/** 250 ms after one failure, doubling with each further one, at most 4 s. */
const slowDown = (failures: number): Promise<void> =>
  failures > 0
    ? new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (failures - 1), 4000)))
    : Promise.resolve();
