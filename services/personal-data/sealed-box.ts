import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM with a random 96-bit nonce: `nonce ‖ tag ‖ ciphertext`. The tag authenticates the
// ciphertext and the associated data, so a changed byte, or a value moved to another place (another
// column, another row), is refused instead of decrypting to something else.

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

export function seal(key: Buffer, plaintext: Uint8Array, associatedData?: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  if (associatedData) cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
}

export function open(key: Buffer, sealed: Uint8Array, associatedData?: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError('donnée chiffrée tronquée');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  if (associatedData) decipher.setAAD(associatedData);
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('donnée chiffrée altérée, ou clé différente de celle qui l’a chiffrée');
  }
}
