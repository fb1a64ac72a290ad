import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

// scrypt is memory-hard and ships with Node: no native add-on to build on machines that cannot run
// install scripts. N=2^15, r=8 costs 32 MiB and ~50 ms per hash here.
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

/** `scrypt$N$r$p$salt$hash`, base64: parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEMORY });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return timingSafeEqual(actual, expected);
}

/**
 * What is wrong with a new password under the configured policy, in words a person can act on; undefined
 * when it is acceptable. Length matters most (PASSWORD_MIN_LENGTH); letters and digits keep out the
 * all-digit and all-letter passwords that dictionaries try first.
 */
export function passwordProblem(password: string, policy: { minLength: number }): string | undefined {
  if ([...password].length < policy.minLength)
    return `Le mot de passe doit compter au moins ${policy.minLength} caractères.`;
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password))
    return 'Le mot de passe doit contenir au moins une lettre et un chiffre.';
  return undefined;
}

/** A password set at `changedAt` must be changed at the next sign-in once older than `maxAgeMs`. */
export const passwordExpired = (changedAt: Date, policy: { maxAgeMs: number | null }, now = Date.now()): boolean =>
  policy.maxAgeMs !== null && changedAt.getTime() + policy.maxAgeMs <= now;
