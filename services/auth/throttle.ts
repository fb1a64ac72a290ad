import type { PrismaClient } from '../../prisma/client.ts';
import type { AuthSettings } from './settings.ts';

// Failed sign-ins in a row, per address (services/auth/sign-in-key.ts names it), for known and
// unknown addresses alike. An attempt takes its slot before its password is checked, in one atomic
// statement: of any number of guesses sent at once, at most `lockAfterFailures` are evaluated and
// the others are refused as locked. A quiet spell as long as the lock forgets earlier failures.

export type Slot = { allowed: true; attempt: number } | { allowed: false; remainingMs: number };

export async function takeSlot(prisma: PrismaClient, key: string, auth: AuthSettings): Promise<Slot> {
  const now = new Date();
  const quietSince = new Date(now.getTime() - auth.lockDurationMs);
  const [row] = await prisma.$queryRaw<{ attempts: number; lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "attempts", "updatedAt") VALUES (${key}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "attempts" = CASE
        WHEN (t."lockedUntil" IS NOT NULL AND t."lockedUntil" <= ${now})
          OR (t."lockedUntil" IS NULL AND t."updatedAt" < ${quietSince}) THEN 1
        ELSE t."attempts" + 1 END,
      "lockedUntil" = CASE WHEN t."lockedUntil" <= ${now} THEN NULL ELSE t."lockedUntil" END,
      "updatedAt" = ${now}
    RETURNING "attempts", "lockedUntil"`;
  if (!row) throw new Error('Compteur de connexions introuvable après son écriture.');
  if (row.lockedUntil && row.lockedUntil > now)
    return { allowed: false, remainingMs: remaining(row.lockedUntil, auth) };
  if (row.attempts > auth.lockAfterFailures) {
    // Guesses beyond the limit while earlier ones are still being checked: the address locks now.
    return { allowed: false, remainingMs: await lock(prisma, key, auth) };
  }
  return { allowed: true, attempt: row.attempts };
}

/** A failed attempt keeps its slot; the one that reaches the limit locks the address. True if locked. */
export async function failed(prisma: PrismaClient, key: string, attempt: number, auth: AuthSettings): Promise<boolean> {
  if (attempt < auth.lockAfterFailures) return false;
  await lock(prisma, key, auth);
  return true;
}

/** A step passed (the password) but the sign-in is not over: the slot is given back, the count kept. */
export async function passedStep(prisma: PrismaClient, key: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "SignInThrottle" SET "attempts" = GREATEST("attempts" - 1, 0) WHERE "key" = ${key}`;
}

/** A complete sign-in: the count starts again. */
export async function succeeded(prisma: PrismaClient, key: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key } });
}

/** Locks the address (if not already) and returns the time left. */
async function lock(prisma: PrismaClient, key: string, auth: AuthSettings): Promise<number> {
  const now = Date.now();
  const [row] = await prisma.$queryRaw<{ lockedUntil: Date }[]>`
    UPDATE "SignInThrottle" SET "lockedUntil" = CASE
      WHEN "lockedUntil" > ${new Date(now)} THEN "lockedUntil" ELSE ${new Date(now + auth.lockDurationMs)} END
    WHERE "key" = ${key} RETURNING "lockedUntil"`;
  return row ? remaining(row.lockedUntil, auth) : auth.lockDurationMs;
}

/** Time left, never more than a lock lasts: parallel attempts read their clocks a moment apart. */
const remaining = (lockedUntil: Date, auth: AuthSettings) =>
  Math.min(Math.max(lockedUntil.getTime() - Date.now(), 0), auth.lockDurationMs);
