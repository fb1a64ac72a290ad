import { createHmac, hkdfSync } from 'node:crypto';

// One configured key, one sub-key per use: a key that seals secrets never doubles as a hash key.
const subKey = (key: Buffer, use: string): Buffer => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), use, 32));

export const sealingKey = (key: Buffer): Buffer => subKey(key, 'siamo/totp-secret');

/**
 * The name under which failures for an address are counted: a keyed hash, so that the lock table
 * (and whoever reads it) learns neither the addresses typed nor which of them exist.
 */
export const addressKey = (key: Buffer, email: string): string =>
  createHmac('sha256', subKey(key, 'siamo/signin-address')).update(normaliseEmail(email)).digest('hex');

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** « awa.ndiaye@ipm-a.sn » → « a…@ipm-a.sn »: what the sign-in journal shows of an address. */
export function maskEmail(email: string): string {
  const normal = normaliseEmail(email);
  const at = normal.lastIndexOf('@');
  if (at < 0) return `${normal.slice(0, 1)}…`;
  return `${normal.slice(0, 1)}…${normal.slice(at)}`;
}
