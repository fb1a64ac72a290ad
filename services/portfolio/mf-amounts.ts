// Amounts in millions of francs CFA (MF), as the plan writes them: `13,5`, `1 855,25`. They are kept
// as whole francs (the franc CFA has no decimals), so sums are exact integers and a figure read from
// the plan is written back exactly as it was, with no binary rounding.

export const FCFA_PER_MF = 1_000_000;

export type MfReading =
  | { ok: true; fcfa: number }
  | { ok: false; reason: 'absent' | 'negatif' | 'trop-precis' | 'illisible' };

// Digits with an optional decimal comma; groups of thousands may be split by a space, as in French.
const MF = /^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?$/;

/** Reads `13,5` or `1 855,25` (MF, decimal comma) into francs. */
export function readMf(text: string): MfReading {
  const value = text.trim();
  if (value === '') return { ok: false, reason: 'absent' };
  if (/^[-−]/.test(value) && MF.test(value.slice(1).trim())) return { ok: false, reason: 'negatif' };
  const match = MF.exec(value);
  if (!match) return { ok: false, reason: 'illisible' };
  const whole = (match[1] ?? '').replace(/\D/g, '');
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  // Beyond six decimals an amount is finer than a franc: it cannot be a real cost.
  if (decimals.length > 6) return { ok: false, reason: 'trop-precis' };
  const fcfa = Number(whole) * FCFA_PER_MF + Number(decimals.padEnd(6, '0'));
  if (!Number.isSafeInteger(fcfa)) return { ok: false, reason: 'illisible' };
  return { ok: true, fcfa };
}

const grouping = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** `1 855,25`: French grouping (narrow no-break spaces), decimal comma, as many decimals as needed. */
export function formatMfNumber(fcfa: number): string {
  const sign = fcfa < 0 ? '−' : '';
  const absolute = Math.abs(fcfa);
  const whole = Math.floor(absolute / FCFA_PER_MF);
  const decimals = String(absolute % FCFA_PER_MF)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${grouping.format(whole)}${decimals ? `,${decimals}` : ''}`;
}

/** `1 855,25 MF CFA`, with a no-break space so that the unit never leaves its figure at a line end. */
export const formatMf = (fcfa: number): string => `${formatMfNumber(fcfa)}\u00a0MF CFA`;
