/**
 * The platform's roles, shared by every domain. `systeme` is the engine itself: only timers send its
 * events. A domain adds its own (a referential's owner, a member) through its module's `roles`.
 */
const PLATFORM_ROLES = {
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

/**
 * The names of the roles domains add. A domain of the product declares its own into it, so that its
 * definitions and rights are typed with them:
 * `declare module '../roles.ts' { interface DomainRoles { agent_referentiel: true } }`
 * and gives their French names in its module's `roles`, which registers them.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the domains' declarations
export interface DomainRoles {}

export type Role = keyof typeof PLATFORM_ROLES | Extract<keyof DomainRoles, string>;

/** The platform's roles, without those the domains add. */
export const PLATFORM_ROLE_NAMES = Object.keys(PLATFORM_ROLES) as (keyof typeof PLATFORM_ROLES)[];

/** Every role with its French name: the platform's, then those of the registered domains. */
export const ROLES = { ...PLATFORM_ROLES } as Record<Role, string>;

export const isRole = (value: unknown): value is Role => typeof value === 'string' && Object.hasOwn(ROLES, value);

/** The actor the engine uses for timer events. */
export const SYSTEM_ACTOR = { id: 'systeme', role: 'systeme' } as const satisfies { id: string; role: Role };
