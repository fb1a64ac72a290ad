import { createHmac } from 'node:crypto';

// A keyed hash of a NIN, stored beside its encrypted value: equal NINs give equal indexes, so a
// `@unique` column enforces one person per NIN and a lookup is an equality, while the index reveals
// nothing without its key (a plain hash of a 13-digit number would be reversed by trying them all).

export class InvalidNinError extends Error {
  override name = 'InvalidNinError';
}

/**
 * The NIN as one canonical string: the separators people type (spaces, dots, dashes, slashes) removed,
 * so that « 1 751 1988 01234 » and « 1751198801234 » are the same NIN.
 */
export function normaliseNin(value: string): string {
  const compact = value.normalize('NFKC').replace(/[\s.\-/_]/g, '');
  // 13 digits for the NIN of the CEDEAO identity card, up to 17 for the card's own number. The value
  // itself stays out of the message: it may be a NIN.
  if (!/^[0-9]{13,17}$/.test(compact))
    throw new InvalidNinError('Le NIN doit compter 13 à 17 chiffres (espaces, points et tirets permis).');
  return compact;
}

/** The blind index of a NIN under `key`: 64 hexadecimal characters. */
export function ninIndex(key: Buffer, nin: string): string {
  return createHmac('sha256', key)
    .update(`nin\u0000${normaliseNin(nin)}`)
    .digest('hex');
}
