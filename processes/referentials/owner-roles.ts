import type { Role } from '../roles.ts';

// Who acts for a referential's owner. Siamo's roles stay one table across domains; an owner is an
// organisation, and its agent and manager are the people of that organisation holding the agent's
// and the manager's role of their kind of organisation (the State's bodies — the ministry, ANSD, MSAS,
// DPM, ACMU — are organisations of the ministry's kind; ICAMO is its own kind).

export const OWNER_ROLES: Record<string, { agent: Role; manager: Role }> = {
  MINISTERE: { agent: 'agent_ministere', manager: 'directeur_ministere' },
  ICAMO: { agent: 'analyste_icamo', manager: 'pilotage_icamo' },
};

export interface OwnerActor {
  organisationId: string;
  organisationKind: string;
  roles: readonly string[];
}

export function actsForOwner(actor: OwnerActor, ownerOrganisationId: string, as: 'agent' | 'manager'): boolean {
  const roles = OWNER_ROLES[actor.organisationKind];
  return !!roles && actor.organisationId === ownerOrganisationId && actor.roles.includes(roles[as]);
}
