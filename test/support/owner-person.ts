import { createApiToken } from '../../services/auth/resolve-viewer.ts';
import type { ApiSuite } from './api-suite.ts';

/** A person of a referential's owner (a State body), with an API token, for the referentials' tests. */
export async function ownerPerson(
  suite: ApiSuite,
  owner: string,
  key: string,
  role: 'agent_ministere' | 'directeur_ministere',
): Promise<{ id: string; token: string }> {
  // The test people's hash: scrypt is slow, and the password does not matter here.
  const { passwordHash } = await suite.h.prisma.user.findUniqueOrThrow({
    where: { id: suite.people.person.agentA.id },
  });
  const user = await suite.h.prisma.user.create({
    data: {
      email: `${key}.${Date.now()}@test.siamo.sn`,
      displayName: `${key} du ministère`,
      passwordHash,
      organisationId: owner,
      roles: [role],
    },
  });
  return { id: user.id, token: await createApiToken(suite.h.prisma, { userId: user.id, label: 'tests' }) };
}
