import { randomUUID } from 'node:crypto';
import type { OrganisationKind } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import type { Role } from '../../processes/roles.ts';
import { hashPassword } from '../../services/auth/password.ts';
import { createApiToken } from '../../services/auth/resolve-viewer.ts';

/** The password of every test person. */
export const TEST_PASSWORD = 'Mot-de-passe-2026';

/** Who a test needs: one person per role, and a second IPM with its own gérant and agent. */
const PEOPLE = {
  agentMinistere: { org: 'ministry', role: 'agent_ministere' },
  directeur: { org: 'ministry', role: 'directeur_ministere' },
  analyste: { org: 'icamo', role: 'analyste_icamo' },
  pilotage: { org: 'icamo', role: 'pilotage_icamo' },
  gerantA: { org: 'ipmA', role: 'gerant_ipm' },
  agentA: { org: 'ipmA', role: 'agent_ipm' },
  gerantB: { org: 'ipmB', role: 'gerant_ipm' },
  agentB: { org: 'ipmB', role: 'agent_ipm' },
  agentPs: { org: 'provider', role: 'agent_ps' },
  employeur: { org: 'employer', role: 'employeur' },
  admin: { org: 'ministry', role: 'administrateur' },
  // A member's account with no participant bound to it: its own session, and nothing of the register.
  assure: { org: 'ipmA', role: 'assure' },
} as const satisfies Record<string, { org: string; role: Role }>;

const ORGANISATIONS = {
  ministry: 'MINISTERE',
  icamo: 'ICAMO',
  ipmA: 'IPM',
  ipmB: 'IPM',
  provider: 'PRESTATAIRE',
  employer: 'EMPLOYEUR',
} as const satisfies Record<string, OrganisationKind>;

export type PersonKey = keyof typeof PEOPLE;

export interface Person {
  key: PersonKey;
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  /** A bearer token for this person. */
  token: string;
}

export interface People {
  organisations: Record<keyof typeof ORGANISATIONS, string>;
  person: Record<PersonKey, Person>;
}

// One hash for every test person: scrypt costs ~50 ms a hash and the salt does not matter here.
let passwordHash: Promise<string> | undefined;

/**
 * Organisations and people of their own for one test file (ids and addresses made unique), so that
 * files sharing the database never see each other's people as "their organisation".
 */
export async function createPeople(prisma: PrismaClient): Promise<People> {
  const suffix = randomUUID().slice(0, 8);
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const organisations = Object.fromEntries(
    Object.keys(ORGANISATIONS).map((key) => [key, `${key.toLowerCase()}-${suffix}`]),
  ) as People['organisations'];
  await prisma.organisation.createMany({
    data: (Object.entries(ORGANISATIONS) as [keyof typeof ORGANISATIONS, OrganisationKind][]).map(([key, kind]) => ({
      id: organisations[key],
      kind,
      name: `${key} ${suffix}`,
    })),
  });
  const person = {} as Record<PersonKey, Person>;
  for (const [key, { org, role }] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const user = await prisma.user.create({
      data: {
        email: `${key.toLowerCase()}.${suffix}@test.siamo.sn`,
        displayName: `${key} ${suffix}`,
        passwordHash: hash,
        organisationId: organisations[org],
        roles: [role],
      },
    });
    const token = await createApiToken(prisma, { userId: user.id, label: 'tests' });
    person[key] = { key, id: user.id, email: user.email, role, organisationId: user.organisationId, token };
  }
  return { organisations, person };
}

export const PERSON_KEYS = Object.keys(PEOPLE) as PersonKey[];

/** A person's bearer credentials for the API helpers. */
export const as = (person: Person) => ({ token: person.token });
