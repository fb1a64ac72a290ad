// The identifier a participant is enrolled under: the NIN of the ECOWAS biometric identity card for
// Senegalese citizens, the CMU card number for foreigners. The domain's seeds give no format for
// either, so the accepted patterns are data (`IdentifierFormats`) with defaults documented in
// docs/architecture.md (« Enrolment »): a NIN of 13 digits whose first digit gives the sex in the
// national numbering (1 a man, 2 a woman); a CMU card number of 13 to 17 digits. Messages never
// repeat the value: it is personal data.

export type IdentifierKind = 'nin' | 'cmu';

export interface IdentifierFormats {
  /** Digits of a NIN, separators removed. */
  ninDigits: number;
  /** First digit of a NIN for each sex; empty to skip the check. */
  ninSexDigits: Readonly<Record<'M' | 'F', string>>;
  cmuMinDigits: number;
  cmuMaxDigits: number;
}

export const DEFAULT_IDENTIFIER_FORMATS: IdentifierFormats = {
  ninDigits: 13,
  ninSexDigits: { M: '1', F: '2' },
  // Bounded by what the blind index accepts (services/personal-data/blind-index.ts: 13 to 17 digits).
  cmuMinDigits: 13,
  cmuMaxDigits: 17,
};

export const IDENTIFIER_LABELS: Record<IdentifierKind, string> = {
  nin: 'NIN (carte d’identité biométrique CEDEAO)',
  cmu: 'numéro de carte CMU',
};

/** What people type between digit groups. */
export const compactIdentifier = (value: string): string => value.normalize('NFKC').replace(/[\s.\-/_]/g, '');

/**
 * Why `value` is not a valid identifier of `kind` (for a person of `sex`, when known), in French —
 * which identifier is wrong and what is expected —, or undefined when it is valid.
 */
export function identifierProblem(
  kind: IdentifierKind,
  value: string,
  sex?: 'M' | 'F',
  formats: IdentifierFormats = DEFAULT_IDENTIFIER_FORMATS,
): string | undefined {
  const compact = compactIdentifier(value);
  if (compact === '') return `Le ${IDENTIFIER_LABELS[kind]} est absent : indiquez-le.`;
  if (!/^[0-9]+$/.test(compact))
    return `Le ${IDENTIFIER_LABELS[kind]} ne doit contenir que des chiffres (espaces, points et tirets permis).`;
  if (kind === 'nin') {
    if (compact.length !== formats.ninDigits)
      return `Le NIN doit compter ${formats.ninDigits} chiffres (carte d’identité biométrique CEDEAO) ; celui-ci en compte ${compact.length}. Un étranger est enregistré avec son numéro de carte CMU.`;
    const first = compact[0];
    const allowed = Object.entries(formats.ninSexDigits).filter(([, digit]) => digit !== '');
    if (allowed.length > 0 && !allowed.some(([, digit]) => digit === first))
      return `Le NIN doit commencer par ${allowed.map(([s, d]) => `${d} (${s === 'M' ? 'homme' : 'femme'})`).join(' ou ')} ; celui-ci commence par ${first}.`;
    const expected = sex ? formats.ninSexDigits[sex] : '';
    if (expected && first !== expected)
      return `Le NIN commence par ${first}, ce qui ne correspond pas au sexe déclaré (${sex === 'M' ? 'homme' : 'femme'}, attendu ${expected}) : vérifiez le NIN ou le sexe.`;
    return undefined;
  }
  if (compact.length < formats.cmuMinDigits || compact.length > formats.cmuMaxDigits)
    return `Le numéro de carte CMU doit compter ${formats.cmuMinDigits} à ${formats.cmuMaxDigits} chiffres ; celui-ci en compte ${compact.length}.`;
  return undefined;
}
