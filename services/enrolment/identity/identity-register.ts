import type { IdentifierKind } from '../../../processes/enrolment/identifiers.ts';

// The check of an enrolment against the national register of identity cards, as an adapter: the
// register cannot be reached from here, so enrolment talks to this interface, answered in
// production by the HTTP implementation (./http-register.ts, SIAMO_IDENTITY_URL) and in tests and the
// demo by a local register of test identities (./test-register.ts), named as such. Claims are
// checked in batches: a workforce file asks once per thousand lines, not once per line.

export interface IdentityClaim {
  kind: IdentifierKind;
  /** Compacted digits: personal data, sent to the register only. */
  identifier: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
}

export type IdentityField = 'nom' | 'prenoms' | 'date_naissance';

export type IdentityVerdict =
  | { status: 'conforme' }
  | { status: 'inconnu' }
  | { status: 'divergent'; fields: IdentityField[] };

export interface IdentityRegister {
  /** French, for reports: which register answered. */
  label: string;
  /** One verdict per claim, in order. */
  check(claims: readonly IdentityClaim[]): Promise<IdentityVerdict[]>;
}

const FIELD_LABELS: Record<IdentityField, string> = {
  nom: 'le nom',
  prenoms: 'les prénoms',
  date_naissance: 'la date de naissance',
};

/** What to tell about a verdict, in French and without repeating the data; undefined when it conforms. */
export function identityProblem(claim: IdentityClaim, verdict: IdentityVerdict, register: string): string | undefined {
  const what = claim.kind === 'nin' ? 'NIN' : 'numéro de carte CMU';
  if (verdict.status === 'conforme') return undefined;
  if (verdict.status === 'inconnu')
    return `Identité non vérifiée : ce ${what} est inconnu du ${register} ; vérifiez-le sur la carte de l’assuré.`;
  const fields = verdict.fields.map((f) => FIELD_LABELS[f]);
  const listed =
    fields.length > 1 ? `${fields.slice(0, -1).join(', ')} et ${fields.at(-1)}` : (fields[0] ?? 'l’identité');
  // « les prénoms » is plural on its own.
  const plural = verdict.fields.length > 1 || verdict.fields[0] === 'prenoms';
  return `Identité non conforme au ${register} : ${listed} ne correspond${plural ? 'ent' : ''} pas au ${what} ; recopiez-les depuis la carte de l’assuré.`;
}

/** Names compared as cards print them: case, accents and spacing aside. */
export const sameName = (a: string, b: string): boolean => {
  const norm = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toUpperCase()
      .replace(/[^A-Z]+/g, ' ')
      .trim();
  return norm(a) === norm(b);
};
