import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Seals a small secret (a TOTP secret) for storage: AES-256-GCM, a fresh nonce each time, and the row
// it belongs to as associated data, so that a sealed value copied onto another person's row does not
// open. The one place that knows the format: switch it here to another encryption service.

const VERSION = 'v1';

export function sealSecret(key: Buffer, plain: string, owner: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(owner));
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The secret, or throws when the value was sealed with another key or for another owner. */
export function openSecret(key: Buffer, sealed: string, owner: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Secret scellé illisible.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(owner));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
