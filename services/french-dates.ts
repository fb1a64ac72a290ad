// Dates as people in Senegal read them: French words, Dakar time (UTC, no daylight saving).

export const SENEGAL_TIME_ZONE = 'Africa/Dakar';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: SENEGAL_TIME_ZONE,
});
const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: SENEGAL_TIME_ZONE });
const monthYear = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: SENEGAL_TIME_ZONE });

/**
 * A date as French writes it: the first of a month is « 1er » (« 1er décembre 2026 »), which Intl
 * does not do. Every date Siamo shows or prints goes through here.
 */
export const withFirst = (format: Intl.DateTimeFormat, at: Date): string =>
  format
    .formatToParts(at)
    .map((part) => (part.type === 'day' && Number(part.value) === 1 ? '1er' : part.value))
    .join('');

/** « 7 décembre 2026 à 14:30 », « 1er décembre 2026 à 09:00 » */
export const frenchDateTime = (at: Date): string => withFirst(dateTime, at);

/** « 7 décembre 2026 », « 1er décembre 2026 » */
export const frenchDate = (at: Date): string => withFirst(date, at);

/** « avril 2020 », from a month written `2020-04` (a report's period); the text itself when it is not one. */
export function frenchMonthOf(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return month;
  return monthYear.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** The calendar day in Dakar, `2026-12-07`. */
export const dakarDay = (at: Date): string => isoDay.format(at);

/** The year in Dakar: official numbering restarts with it. */
export const dakarYear = (at: Date): number => Number(dakarDay(at).slice(0, 4));
