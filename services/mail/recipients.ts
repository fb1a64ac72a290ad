import type { PrismaClient } from '../../prisma/client.ts';
import { isRole, type Role } from '../../processes/roles.ts';
import { NATIONAL_ROLES } from '../case-access.ts';
import { actingRoles, type CaseFacts } from '../case-facts.ts';

/**
 * Who a message goes to, in terms of roles and of the case, never addresses: definitions name roles
 * (`destinataires`), SLA reminders name the assignee, the acting party or their managers.
 */
export interface RecipientSpec {
  /** Holders of these roles: in the case's organisation for organisation roles, everyone for national ones. */
  roles?: Role[];
  /** The person the case is assigned to; when nobody is, those who may act in the current step. */
  assignee?: boolean;
  /** The person the case is assigned to; when nobody is, the holders of these roles (a project's chef de projet). */
  assigneeOr?: Role[];
  /** Those who may act in the current step (the party who must answer). */
  actors?: boolean;
  /** The managers of those who may act in the current step (escalation). */
  managers?: boolean;
  /**
   * Whose holders of organisation roles: another organisation than the case's — the IPM a provider's
   * PEC waits for, the case being the provider's.
   */
  organisationId?: string;
}

/**
 * Who answers for whom, for escalations. A role absent here has no one above it in Siamo (the IPM's
 * gérant answers for the IPM, the director for the ministry).
 */
export const MANAGER_OF: Partial<Record<Role, Role>> = {
  agent_ministere: 'directeur_ministere',
  analyste_icamo: 'pilotage_icamo',
  agent_ipm: 'gerant_ipm',
};

export interface RecipientUser {
  id: string;
  email: string;
  displayName: string;
}

/** One recipient: a person reached through a role, or the role alone when nobody holds it. */
export interface Recipient {
  role: string;
  user: RecipientUser | null;
}

/** Placeholder role of an escalation when those who must act have no manager in Siamo. */
export const NO_MANAGER = 'responsable';

export async function resolveRecipients(
  prisma: PrismaClient,
  facts: CaseFacts,
  spec: RecipientSpec,
): Promise<Recipient[]> {
  const found: Recipient[] = [];
  const add = (recipient: Recipient) => {
    const already = found.some((r) =>
      r.user && recipient.user
        ? r.user.id === recipient.user.id
        : !r.user && !recipient.user && r.role === recipient.role,
    );
    if (!already) found.push(recipient);
  };
  const addRole = async (role: Role) => {
    const users = await holders(prisma, role, spec.organisationId ?? facts.organisationId);
    if (users.length === 0) add({ role, user: null });
    for (const user of users) add({ role, user });
  };

  for (const role of spec.roles ?? []) await addRole(role);
  if (spec.assignee) {
    const assignee = await assigneeOf(prisma, facts);
    if (assignee) add(assignee);
    else for (const role of actingRoles(facts)) await addRole(role);
  }
  if (spec.assigneeOr) {
    const assignee = await assigneeOf(prisma, facts);
    if (assignee) add(assignee);
    else for (const role of spec.assigneeOr) await addRole(role);
  }
  if (spec.actors) for (const role of actingRoles(facts)) await addRole(role);
  if (spec.managers) {
    const managers = [...new Set(actingRoles(facts).flatMap((role) => MANAGER_OF[role] ?? []))];
    if (managers.length === 0) add({ role: NO_MANAGER, user: null });
    for (const role of managers) await addRole(role);
  }
  return found;
}

/** Active holders of a role: all of them for a national role, those of the organisation otherwise. */
async function holders(prisma: PrismaClient, role: Role, organisationId: string | null): Promise<RecipientUser[]> {
  const national = NATIONAL_ROLES.includes(role);
  if (role === 'systeme' || (!national && organisationId === null)) return [];
  return prisma.user.findMany({
    where: { active: true, roles: { has: role }, ...(national ? {} : { organisationId: organisationId as string }) },
    select: { id: true, email: true, displayName: true },
    orderBy: { email: 'asc' },
  });
}

async function assigneeOf(prisma: PrismaClient, facts: CaseFacts): Promise<Recipient | null> {
  const row = await prisma.case.findUnique({ where: { id: facts.caseId }, select: { assigneeId: true } });
  if (!row?.assigneeId) return null;
  const user = await prisma.user.findFirst({
    where: { id: row.assigneeId, active: true },
    select: { id: true, email: true, displayName: true, roles: true },
  });
  if (!user) return null;
  const acting = actingRoles(facts);
  const role = user.roles.find((r) => isRole(r) && acting.includes(r)) ?? user.roles[0] ?? 'assignee';
  return { role, user: { id: user.id, email: user.email, displayName: user.displayName } };
}
