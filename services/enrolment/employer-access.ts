import type { Employer } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import type { Role } from '../../processes/roles.ts';
import type { Viewer } from '../viewer.ts';

// Who acts for an employer: its own people (`employeur` of the employer's organisation), and the
// people of the IPM it adheres to. Anyone else finds no such employer.

export const EMPLOYER_SIDE: readonly Role[] = ['employeur'];
export const IPM_SIDE: readonly Role[] = ['agent_ipm', 'gerant_ipm'];

/** The role under which `viewer` acts for `employer` among `allowed`, or undefined. */
export function roleForEmployer(
  viewer: Viewer,
  employer: Pick<Employer, 'ipmId' | 'organisationId'>,
  allowed: readonly Role[],
): Role | undefined {
  return viewer.roles.find(
    (role) =>
      allowed.includes(role) &&
      ((EMPLOYER_SIDE.includes(role) && employer.organisationId === viewer.organisationId) ||
        (IPM_SIDE.includes(role) && employer.ipmId === viewer.organisationId)),
  );
}

/** The employer and the role `viewer` acts under for it, or null when it is not theirs to see. */
export async function employerFor(
  prisma: PrismaClient,
  viewer: Viewer,
  employerId: string,
  allowed: readonly Role[],
): Promise<{ employer: Employer; role: Role } | null> {
  const employer = await prisma.employer.findUnique({ where: { id: employerId } });
  const role = employer ? roleForEmployer(viewer, employer, allowed) : undefined;
  return employer && role ? { employer, role } : null;
}
