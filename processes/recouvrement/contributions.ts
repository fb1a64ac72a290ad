// Contribution arithmetic, shared by the batch's SQL (which computes the same thing set-based) and
// the declarations: shares are the payroll times the rate, rates in ten-thousandths (600 = 6 %),
// rounded to the nearest franc, half up.

export const RATE_SCALE = 10_000;

export const share = (payroll: number, rate: number): number =>
  Math.floor((payroll * rate + RATE_SCALE / 2) / RATE_SCALE);

export interface CallAmounts {
  employerShare: number;
  workerShare: number;
  amount: number;
}

export function callAmounts(payroll: number, rates: { employerRate: number; workerRate: number }): CallAmounts {
  const employerShare = share(payroll, rates.employerRate);
  const workerShare = share(payroll, rates.workerRate);
  return { employerShare, workerShare, amount: employerShare + workerShare };
}

/** `YYYY-MM`, a month that exists. */
export const isPeriod = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9]{4}-(0[1-9]|1[0-2])$/.test(value) && value >= '1910-01' && value <= '2199-12';
