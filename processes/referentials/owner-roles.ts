import type { Role } from '../roles.ts';
import type { ReferentialDefinition } from './catalogue.ts';

// Who acts for a referential's owner. Siamo's roles stay one table across domains; an owner is an
// organisation, and its agent and manager are the people of that organisation holding the agent's
// and the manager's role of their kind of organisation (the State's bodies — the ministry, ANSD, MSAS,
// DPM, ACMU — are organisations of the ministry's kind; ICAMO is its own kind). A referential kept by
// each IPM (or provider) is owned, version by version, by the organisation that imported it.

export const OWNER_ROLES: Record<string, { agent: Role; manager: Role }> = {
  MINISTERE: { agent: 'agent_ministere', manager: 'directeur_ministere' },
  ICAMO: { agent: 'analyste_icamo', manager: 'pilotage_icamo' },
  IPM: { agent: 'agent_ipm', manager: 'gerant_ipm' },
  // There is no provider manager role yet: the provider's agent imports and approves its own tables.
  PRESTATAIRE: { agent: 'agent_ps', manager: 'agent_ps' },
};

/** The kind of organisation that keeps each series of a referential `ownedBy` it. */
export const OWNING_KIND = { ipm: 'IPM', prestataire: 'PRESTATAIRE' } as const;

/** Who follows every IPM's and provider's own referentials (they read every series, change none). */
export const READS_EVERY_SERIES: readonly string[] = ['ICAMO', 'MINISTERE'];

export interface OwnerActor {
  organisationId: string;
  organisationKind: string;
  roles: readonly string[];
}

/**
 * The organisation whose series a version of `definition` imported by `actor` belongs to: the
 * national owner, or the actor's own organisation when the referential is kept by each IPM or provider
 * and the actor's organisation is of that kind; null when it may own none.
 */
export function seriesOwnerFor(
  definition: ReferentialDefinition,
  actor: Pick<OwnerActor, 'organisationId' | 'organisationKind'>,
): string | null {
  if (!definition.ownedBy) return definition.ownerOrganisationId ?? null;
  return actor.organisationKind === OWNING_KIND[definition.ownedBy] ? actor.organisationId : null;
}

export function actsForOwner(actor: OwnerActor, ownerOrganisationId: string, as: 'agent' | 'manager'): boolean {
  const roles = OWNER_ROLES[actor.organisationKind];
  return !!roles && actor.organisationId === ownerOrganisationId && actor.roles.includes(roles[as]);
}

/** Whether `viewer` may read the series of `ownerOrganisationId`: national ones everyone; own ones its owner, ICAMO, the ministry. */
export function readsSeries(
  definition: ReferentialDefinition,
  viewer: Pick<OwnerActor, 'organisationId' | 'organisationKind'>,
  ownerOrganisationId: string,
): boolean {
  if (!definition.ownedBy) return true;
  return viewer.organisationId === ownerOrganisationId || READS_EVERY_SERIES.includes(viewer.organisationKind);
}
