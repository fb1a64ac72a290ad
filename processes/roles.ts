/**
 * The roles of Siamo, in one table shared by process definitions, the API and the tests.
 * `systeme` is the engine itself: only timers send its events.
 */
export const ROLES = {
  agent_ministere: 'Agent du ministère',
  directeur_ministere: 'Directeur (ministère)',
  analyste_icamo: 'Analyste ICAMO',
  pilotage_icamo: 'Pilotage ICAMO',
  gerant_ipm: 'Gérant d’IPM',
  agent_ipm: 'Agent d’IPM',
  agent_ps: 'Agent de prestataire de soins',
  employeur: 'Employeur',
  administrateur: 'Administrateur',
  systeme: 'Système',
} as const;

export type Role = keyof typeof ROLES;

export const isRole = (value: unknown): value is Role => typeof value === 'string' && Object.hasOwn(ROLES, value);

/** The actor the engine uses for timer events. */
export const SYSTEM_ACTOR = { id: 'systeme', role: 'systeme' } as const satisfies { id: string; role: Role };
