import type { Acting } from '../../services/referentials/lifecycle.ts';

// People acting for the referentials' owners in tests: MSAS (acts) and the labour ministry (tariffs).

export const csv = (lines: string[], encoding: 'utf-8' | 'latin1' = 'utf-8'): Uint8Array =>
  encoding === 'utf-8' ? new TextEncoder().encode(lines.join('\n')) : Buffer.from(lines.join('\r\n'), 'latin1');

export const msasAgent: Acting = {
  id: 'agent-msas',
  organisationId: 'msas',
  organisationKind: 'MINISTERE',
  roles: ['agent_ministere'],
};
export const msasManager: Acting = {
  id: 'dir-msas',
  organisationId: 'msas',
  organisationKind: 'MINISTERE',
  roles: ['directeur_ministere'],
};
/** A manager, but of another owner: may not approve MSAS's versions. */
export const dpmManager: Acting = {
  id: 'dir-dpm',
  organisationId: 'dpm',
  organisationKind: 'MINISTERE',
  roles: ['directeur_ministere'],
};
export const ministryManager: Acting = {
  id: 'dir-min',
  organisationId: 'ministere-travail',
  organisationKind: 'MINISTERE',
  roles: ['directeur_ministere'],
};
