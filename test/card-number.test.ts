import { describe, expect, it } from 'vitest';
import { cardNumberProblem, formatCardNumber, luhnDigit } from '../processes/enrolment/card-number.ts';

describe('member card numbers', () => {
  it('computes the Luhn digit of the textbook example', () => {
    expect(luhnDigit('7992739871')).toBe(3);
  });

  it('accepts the first numbers the database gives, typed with spaces', () => {
    expect(cardNumberProblem('100000000016')).toBeUndefined();
    expect(cardNumberProblem('1000 0000 0024')).toBeUndefined();
  });

  it('refuses a mistyped digit and two swapped neighbours, without repeating the number', () => {
    const wrongDigit = cardNumberProblem('100000000017');
    expect(wrongDigit).toMatch(/chiffre de contrôle/);
    expect(wrongDigit).not.toContain('100000000017');
    expect(cardNumberProblem('100000000061')).toMatch(/chiffre de contrôle/);
  });

  it('says what is wrong with the length and the characters', () => {
    expect(cardNumberProblem('12345')).toMatch(/compte 12 chiffres ; celui-ci en compte 5/);
    expect(cardNumberProblem('1000-0000-001A')).toMatch(/que des chiffres/);
    expect(cardNumberProblem('  ')).toMatch(/absent/);
  });

  it('prints a number in groups of four', () => {
    expect(formatCardNumber('100000000016')).toBe('1000 0000 0016');
  });
});
