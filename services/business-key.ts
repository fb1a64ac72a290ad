// A case's business key becomes its Temporal workflow id: it is stored and shown unencrypted, in
// Temporal and in every list. It must be an identifier (a file number, a random id), never data about
// a person. Only the shapes such data takes can be recognised; these are refused.

const SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A random id after a lower-case prefix (doublon-<uuid>): its digits can look like a phone number by chance. */
const PREFIXED_UUID = /^[a-z][a-z0-9_]{0,40}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Senegalese mobile number (77, 78, 76, 75, 70), with or without +221 and separators. */
const PHONE = /(?:^|[^0-9])(?:(?:\+|00)?221[._-]?)?7[05-8](?:[._-]?[0-9]){7}(?![0-9])/;
/** Nine digits in a row or more: a phone number, a NIN (13 digits), a card number. */
const LONG_NUMBER = /[0-9]{9,}/;
/** A capitalised word (Awa, Diop, Ndiaye): keys are codes, not names. */
const NAME_LIKE = /[A-Z][a-z]{2,}/;

/** Why `key` cannot be a business key, in French; undefined when it can. */
export function businessKeyProblem(key: string): string | undefined {
  if (!SHAPE.test(key))
    return 'La clé du dossier doit compter 3 à 100 caractères parmi lettres, chiffres, point, tiret et souligné.';
  if (UUID.test(key) || PREFIXED_UUID.test(key)) return undefined;
  if (PHONE.test(key) || LONG_NUMBER.test(key))
    return 'La clé du dossier ressemble à un numéro de téléphone ou d’identification (NIN) : une clé est visible de tous les opérateurs, utilisez un numéro de dossier ou un identifiant aléatoire.';
  if (!/[0-9]/.test(key) || NAME_LIKE.test(key))
    return 'La clé du dossier ressemble à un nom : une clé est un code (lettres capitales et chiffres, par exemple AGR-2026-0001, ou un identifiant aléatoire), jamais une donnée sur une personne.';
  return undefined;
}
