import { ninIndex, normaliseNin } from './blind-index.ts';
import type { DataKeys } from './data-keys.ts';
import { decryptField, encryptField } from './field-encryption.ts';

// The columns a table holding a NIN has (see docs/architecture.md, « Data »):
//   ninChiffre Bytes              -- encryptField of the normalised NIN
//   ninIndex   String  @unique    -- its blind index: uniqueness and lookups
// The NIN is only ever compared through `ninIndex`, never decrypted to search.

const PURPOSE = 'nin';

export function protectNin(keys: DataKeys, nin: string): { ninChiffre: Uint8Array<ArrayBuffer>; ninIndex: string } {
  const normalised = normaliseNin(nin);
  return { ninChiffre: encryptField(keys.fields, PURPOSE, normalised), ninIndex: ninIndex(keys.index, normalised) };
}

export const revealNin = (keys: DataKeys, ninChiffre: Uint8Array): string =>
  decryptField(keys.fields, PURPOSE, ninChiffre);

/** The `where` of a lookup by NIN: `{ ninIndex }`. */
export const byNin = (keys: DataKeys, nin: string) => ({ ninIndex: ninIndex(keys.index, nin) });
