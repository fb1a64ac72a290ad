import type { Role } from '../../processes/roles.ts';

/** The rules of signing in, from configuration. */
export interface AuthSettings {
  sessionDurationMs: number;
  /** Failed sign-ins in a row after which the address locks (known or not). */
  lockAfterFailures: number;
  lockDurationMs: number;
  /** Sets the cookie's Secure flag: on whenever the portal is served over HTTPS. */
  secureCookies: boolean;
  passwordPolicy: PasswordPolicy;
  /** Roles whose holders must sign in with a second factor (TOTP). */
  totpRequiredRoles: readonly Role[];
  /**
   * 32 random bytes: seals TOTP secrets and keys the hash that names an address in the lock
   * counters. Lose it and every enrolled person must enrol again.
   */
  signInKey: Buffer;
}

export interface PasswordPolicy {
  minLength: number;
  /** A password older than this must be changed at the next sign-in; null: never. */
  maxAgeMs: number | null;
}

export const SESSION_COOKIE = 'siamo_session';

/** Administrators and the national roles: those who see every organisation's files. */
export const DEFAULT_TOTP_ROLES: readonly Role[] = [
  'administrateur',
  'agent_ministere',
  'directeur_ministere',
  'analyste_icamo',
  'pilotage_icamo',
];
