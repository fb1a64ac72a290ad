import { randomBytes } from 'node:crypto';

// A key ring: several AES-256 keys, each named by an id kept beside what it encrypted, so that a
// rotation (a new key put first) leaves everything encrypted before it readable.

export interface KeyRing {
  /** The key new encryptions use: the first one given. */
  current: { id: string; key: Buffer };
  /** Every key, by id, for decrypting. */
  byId: ReadonlyMap<string, Buffer>;
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The problem with a key ring's text, in French, for the configuration's message. */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

/**
 * Reads `id:base64key` entries, separated by commas or new lines (`#` starts a comment line): the
 * form of the `SIAMO_*_KEYS` variables and of the key files. Each key must be 32 bytes (AES-256).
 */
export function parseKeyEntries(text: string): { id: string; key: Buffer }[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  if (entries.length === 0) throw new KeyRingError('aucune clé : attendu id:cléEnBase64, par exemple k1:…');
  const seen = new Set<string>();
  return entries.map((entry, position) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const encoded = colon < 0 ? '' : entry.slice(colon + 1).trim();
    // The key itself is never repeated in a message: only its position and id.
    const where = `clé n° ${position + 1}${id ? ` (« ${id} »)` : ''}`;
    if (!KEY_ID.test(id))
      throw new KeyRingError(
        `${where} : attendu id:cléEnBase64, l’id fait de 1 à 32 lettres, chiffres, - ou _ (par exemple k2:…)`,
      );
    if (seen.has(id)) throw new KeyRingError(`${where} : l’id « ${id} » est donné deux fois`);
    seen.add(id);
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES)
      throw new KeyRingError(
        `${where} : la clé doit faire ${KEY_BYTES} octets encodés en base64 (générez-en une avec « openssl rand -base64 32 »)`,
      );
    return { id, key };
  });
}

export function keyRingOf(entries: readonly { id: string; key: Buffer }[]): KeyRing {
  const [current] = entries;
  if (!current) throw new KeyRingError('aucune clé');
  return { current, byId: new Map(entries.map((entry) => [entry.id, entry.key])) };
}

export const parseKeyRing = (text: string): KeyRing => keyRingOf(parseKeyEntries(text));

/** A new random key entry, in the text form `parseKeyEntries` reads. */
export const newKeyEntry = (id: string): string => `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
