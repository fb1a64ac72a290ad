import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or a bearer token; the database keeps only its hash. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

export const secretId = (secret: string): string => createHash('sha256').update(secret).digest('hex');
