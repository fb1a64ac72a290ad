import type { PrismaClient } from '../../prisma/client.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import type { AuthSettings } from '../auth/settings.ts';
import { addressKey } from '../auth/sign-in-key.ts';
import { MINISTRY } from './organisations.ts';

export interface EnsureAdministratorOptions {
  email: string;
  password: string;
}

/**
 * Makes sure the administrator named in the configuration (SIAMO_ADMIN_EMAIL, SIAMO_ADMIN_PASSWORD)
 * can sign in: created in the ministry's organisation if missing; otherwise kept active, with the
 * administrator role, and with the configured password. A changed password also unlocks the address
 * and clears the two-factor enrolment (an authenticator lost with the phone): the configuration is the
 * way back in when the administrator is locked out. Returns what it did, for the start-up log.
 */
export async function ensureAdministrator(
  prisma: PrismaClient,
  options: EnsureAdministratorOptions,
  auth: Pick<AuthSettings, 'passwordPolicy' | 'signInKey'>,
): Promise<'created' | 'updated' | 'unchanged'> {
  const problem = passwordProblem(options.password, auth.passwordPolicy);
  if (problem) throw new Error(`SIAMO_ADMIN_PASSWORD : ${problem}`);
  const email = options.email.trim().toLowerCase();
  await prisma.organisation.createMany({ data: [MINISTRY], skipDuplicates: true });
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    await prisma.user.upsert({
      where: { email },
      create: {
        email,
        displayName: 'Administrateur',
        organisationId: MINISTRY.id,
        roles: ['administrateur'],
        passwordHash: await hashPassword(options.password),
      },
      update: {},
    });
    return 'created';
  }
  const samePassword = await verifyPassword(options.password, user.passwordHash).catch(() => false);
  if (samePassword && user.active && user.roles.includes('administrateur')) return 'unchanged';
  await prisma.user.update({
    where: { id: user.id },
    data: {
      active: true,
      roles: user.roles.includes('administrateur') ? user.roles : [...user.roles, 'administrateur'],
      ...(samePassword
        ? {}
        : {
            passwordHash: await hashPassword(options.password),
            passwordChangedAt: new Date(),
            totpSecret: null,
            totpEnabledAt: null,
            totpLastStep: null,
          }),
    },
  });
  if (!samePassword) await prisma.signInThrottle.deleteMany({ where: { key: addressKey(auth.signInKey, email) } });
  return 'updated';
}
