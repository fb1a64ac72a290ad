import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTIFIER_FORMATS, identifierProblem } from '../processes/enrolment/identifiers.ts';

// The participant's identifier: a NIN (ECOWAS biometric card, Senegalese citizens) or a CMU card
// number (foreigners). Each refusal says which identifier is wrong and what is expected, and never
// repeats the value.

describe('enrolment identifiers', () => {
  it('accepts a 13-digit NIN whose first digit matches the sex, with the separators people type', () => {
    expect(identifierProblem('nin', '1751198801234', 'M')).toBeUndefined();
    expect(identifierProblem('nin', '2 751 1988 01234', 'F')).toBeUndefined();
    expect(identifierProblem('nin', '2.751.1988.01234')).toBeUndefined();
  });

  it('refuses a NIN of the wrong length, with letters, with another first digit or another sex', () => {
    expect(identifierProblem('nin', '175119880123', 'M')).toBe(
      'Le NIN doit compter 13 chiffres (carte d’identité biométrique CEDEAO) ; celui-ci en compte 12. Un étranger est enregistré avec son numéro de carte CMU.',
    );
    expect(identifierProblem('nin', '17511988012345')).toContain('celui-ci en compte 14');
    expect(identifierProblem('nin', '175119880123A')).toBe(
      'Le NIN (carte d’identité biométrique CEDEAO) ne doit contenir que des chiffres (espaces, points et tirets permis).',
    );
    expect(identifierProblem('nin', '3751198801234')).toBe(
      'Le NIN doit commencer par 1 (homme) ou 2 (femme) ; celui-ci commence par 3.',
    );
    expect(identifierProblem('nin', '1751198801234', 'F')).toBe(
      'Le NIN commence par 1, ce qui ne correspond pas au sexe déclaré (femme, attendu 2) : vérifiez le NIN ou le sexe.',
    );
    expect(identifierProblem('nin', '  ')).toBe(
      'Le NIN (carte d’identité biométrique CEDEAO) est absent : indiquez-le.',
    );
  });

  it('checks a CMU card number on its own pattern, and the patterns are data', () => {
    expect(identifierProblem('cmu', '30012345678901')).toBeUndefined();
    expect(identifierProblem('cmu', '3001234')).toBe(
      'Le numéro de carte CMU doit compter 13 à 17 chiffres ; celui-ci en compte 7.',
    );
    const fourteenDigits = { ...DEFAULT_IDENTIFIER_FORMATS, ninDigits: 14, ninSexDigits: { M: '', F: '' } };
    expect(identifierProblem('nin', '37511988012345', 'F', fourteenDigits)).toBeUndefined();
  });

  it('never repeats the value in a message', () => {
    for (const [kind, value] of [
      ['nin', '1751198801299999'],
      ['nin', '9751198801299'],
      ['cmu', '99887766'],
    ] as const)
      expect(identifierProblem(kind, value, 'F')).not.toContain(value);
  });
});
