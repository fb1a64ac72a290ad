/** The rules of signing in, from configuration. */
export interface AuthSettings {
  sessionDurationMs: number;
  /** Failed sign-ins in a row after which the account locks. */
  lockAfterFailures: number;
  lockDurationMs: number;
  /** Sets the cookie's Secure flag: on whenever the portal is served over HTTPS. */
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'siamo_session';
