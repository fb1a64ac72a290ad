import type { KeyRing } from './key-ring.ts';
import { DecryptionError, open, seal } from './sealed-box.ts';

// A personal field stored encrypted in a `Bytes` column: `1 ‖ id length ‖ key id ‖ nonce ‖ tag ‖
// ciphertext`. The key id travels with the value, so values written before a rotation stay readable.
// `purpose` (e.g. `Personne.nin`) is authenticated with it: a value copied into another column or
// table does not decrypt there.

const FORMAT = 1;

export function encryptField(ring: KeyRing, purpose: string, plaintext: string): Uint8Array<ArrayBuffer> {
  const id = Buffer.from(ring.current.id, 'utf8');
  const sealed = seal(ring.current.key, Buffer.from(plaintext, 'utf8'), Buffer.from(purpose, 'utf8'));
  const out = new Uint8Array(2 + id.length + sealed.length);
  out.set([FORMAT, id.length]);
  out.set(id, 2);
  out.set(sealed, 2 + id.length);
  return out;
}

/** The field's text; throws `DecryptionError` for a value altered, cut, moved, or of an unknown key. */
export function decryptField(ring: KeyRing, purpose: string, stored: Uint8Array): string {
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (bytes.length < 2 || bytes[0] !== FORMAT) throw new DecryptionError('format de donnée chiffrée inconnu');
  const idLength = bytes[1] ?? 0;
  const id = bytes.subarray(2, 2 + idLength).toString('utf8');
  const key = ring.byId.get(id);
  if (!key) throw new DecryptionError(`clé « ${id} » inconnue : elle a été retirée de la configuration`);
  return open(key, bytes.subarray(2 + idLength), Buffer.from(purpose, 'utf8')).toString('utf8');
}

/** Whether a stored value was encrypted with another key than the current one: to re-encrypt after a rotation. */
export function needsReencryption(ring: KeyRing, stored: Uint8Array): boolean {
  const idLength = stored[1] ?? 0;
  return Buffer.from(stored.subarray(2, 2 + idLength)).toString('utf8') !== ring.current.id;
}
