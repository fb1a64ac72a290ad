import type { PrismaClient } from '../../prisma/client.ts';
import { hashPassword } from '../auth/password.ts';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD } from './demo-accounts.ts';

/**
 * Loads the demo organisations and accounts. Idempotent, and safe when two processes start at once:
 * what exists is left as it is (a demo account whose password was changed keeps it), what is missing
 * is added. Returns the e-mail addresses of the accounts it created.
 */
export async function loadDemoData(prisma: PrismaClient): Promise<string[]> {
  await prisma.organisation.createMany({ data: DEMO_ORGANISATIONS, skipDuplicates: true });
  const existing = await prisma.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } },
    select: { email: true },
  });
  const known = new Set(existing.map((u) => u.email));
  const missing = DEMO_ACCOUNTS.filter((a) => !known.has(a.email));
  if (missing.length === 0) return [];
  const data = await Promise.all(missing.map(async (a) => ({ ...a, passwordHash: await hashPassword(DEMO_PASSWORD) })));
  await prisma.user.createMany({ data, skipDuplicates: true });
  return missing.map((a) => a.email);
}
