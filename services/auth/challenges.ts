import type { SignInChallenge, User } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { newSecret, secretId } from './tokens.ts';

// The steps of a sign-in after the password (a code, an enrolment, a new password) are carried by a
// short-lived challenge: a random secret the client sends back, of which only the hash is kept. It
// proves the earlier steps were passed, and is used once.

export type ChallengeKind = 'code' | 'inscription' | 'secret' | 'mot_de_passe';

/** Long enough to open an authenticator app, short enough that a forgotten tab is of no use. */
const LIFETIME_MS: Record<ChallengeKind, number> = {
  code: 5 * 60_000,
  inscription: 10 * 60_000,
  secret: 10 * 60_000,
  mot_de_passe: 10 * 60_000,
};

export interface IssuedChallenge {
  challenge: string;
  expiresAt: Date;
}

export async function issueChallenge(
  prisma: PrismaClient,
  userId: string,
  kind: ChallengeKind,
  pendingSecret?: string,
): Promise<IssuedChallenge> {
  const challenge = newSecret();
  const expiresAt = new Date(Date.now() + LIFETIME_MS[kind]);
  await prisma.signInChallenge.create({
    data: { id: secretId(challenge), userId, kind, pendingSecret: pendingSecret ?? null, expiresAt },
  });
  return { challenge, expiresAt };
}

/** The challenge, still valid and unused, of one of these kinds, with its active person; null otherwise. */
export async function findChallenge(
  prisma: PrismaClient,
  challenge: string,
  kinds: readonly ChallengeKind[],
): Promise<(SignInChallenge & { user: User }) | null> {
  const row = await prisma.signInChallenge.findFirst({
    where: { id: secretId(challenge), kind: { in: [...kinds] }, usedAt: null, expiresAt: { gt: new Date() } },
    include: { user: true },
  });
  return row?.user.active ? row : null;
}

/** Marks it used; false when another request used it first. */
export async function useChallenge(prisma: PrismaClient, id: string): Promise<boolean> {
  const used = await prisma.signInChallenge.updateMany({ where: { id, usedAt: null }, data: { usedAt: new Date() } });
  return used.count === 1;
}
