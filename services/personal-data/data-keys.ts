import { type KeyRing, KeyRingError, keyRingOf, newKeyEntry, parseKeyEntries } from './key-ring.ts';

/** The keys of personal data at rest: a ring to encrypt fields, and the blind index's own key. */
export interface DataKeys {
  fields: KeyRing;
  /** Never rotated like the others: every stored index would have to be computed again. */
  index: Buffer;
}

/** The id reserved, in `SIAMO_DATA_KEYS` or its file, for the blind index's key. */
export const INDEX_KEY_ID = 'index';

/** `index:…,d2:…,d1:…`: the `index` entry keys the blind index, the first other one encrypts. */
export function parseDataKeys(text: string): DataKeys {
  const entries = parseKeyEntries(text);
  const index = entries.find((entry) => entry.id === INDEX_KEY_ID);
  const fields = entries.filter((entry) => entry.id !== INDEX_KEY_ID);
  if (!index) throw new KeyRingError(`il manque la clé de l’index « ${INDEX_KEY_ID}:… » (une clé à part entière)`);
  if (fields.length === 0) throw new KeyRingError('il manque une clé de chiffrement à côté de « index:… »');
  if (fields.some((entry) => entry.key.equals(index.key)))
    throw new KeyRingError('la clé de l’index doit être différente des clés de chiffrement');
  return { fields: keyRingOf(fields), index: index.key };
}

/** The text of fresh data keys, for the embedded mode's key file. */
export const newDataKeysText = () => `${newKeyEntry(INDEX_KEY_ID)}\n${newKeyEntry('d1')}\n`;
