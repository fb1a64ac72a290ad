import { Secret, TOTP } from 'otpauth';

// Time-based one-time codes (RFC 6238) as every authenticator app reads them: SHA-1, 6 digits, 30 s.
// A code is accepted one step early or late (clock drift); the step it matched is returned so that the
// caller can refuse a code already used.

const ISSUER = 'Siamo';
const WINDOW = 1;

const totpOf = (secret: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

/** A new random secret (160 bits, base32). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://` URI an authenticator app reads (as a QR code or a link). */
export const otpauthUri = (secret: string, email: string): string => totpOf(secret, email).toString();

/** The key to type by hand, in groups of four. */
export const manualKey = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** The time step `code` belongs to, or null when it is not the code of now (± one step). */
export function codeStep(secret: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpOf(secret);
  const delta = totp.validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/** The code of a moment: what an authenticator app shows (tests and the enrolment's own check). */
export const codeAt = (secret: string, timestamp = Date.now()): string => totpOf(secret).generate({ timestamp });
