// Member card numbers (numéro de carte d'assuré): 11 digits from one national series and a Luhn check
// digit, given by the database when a participant or a dependant is written (migration
// 20261202080000_member_cards, `siamo_next_card_number`). A provider types the number from the card:
// the check digit refuses a mistyped digit or two swapped neighbours before any lookup is made. The
// number carries nothing of the person.

export const CARD_NUMBER_DIGITS = 12;

/** The Luhn check digit of `digits` (the same rule as the database's `siamo_luhn_digit`). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** What people type between digit groups on a card. */
export const compactCardNumber = (value: string): string => value.normalize('NFKC').replace(/[\s.\-/_]/g, '');

/** Why `value` is not a member card number, in French (never repeating it), or undefined when it is one. */
export function cardNumberProblem(value: string): string | undefined {
  const compact = compactCardNumber(value);
  if (compact === '') return 'Le numéro de carte d’assuré est absent : indiquez-le.';
  if (!/^[0-9]+$/.test(compact))
    return 'Le numéro de carte d’assuré ne contient que des chiffres (espaces et tirets permis).';
  if (compact.length !== CARD_NUMBER_DIGITS)
    return `Le numéro de carte d’assuré compte ${CARD_NUMBER_DIGITS} chiffres ; celui-ci en compte ${compact.length} : recopiez-le depuis la carte.`;
  if (luhnDigit(compact.slice(0, -1)) !== Number(compact.slice(-1)))
    return 'Le numéro de carte d’assuré est erroné (chiffre de contrôle) : un chiffre a sans doute été mal recopié.';
  return undefined;
}

/** `100000000016` as printed on a card: `1000 0000 0016`. */
export const formatCardNumber = (compact: string): string => compact.replace(/(\d{4})(?=\d)/g, '$1 ');
