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
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: SENEGAL_TIME_ZONE });

/** « 7 décembre 2026 à 14:30 » */
export const frenchDateTime = (at: Date): string => dateTime.format(at);

/** « 7 décembre 2026 » */
export const frenchDate = (at: Date): string => date.format(at);

/** The calendar day in Dakar, `2026-12-07`. */
export const dakarDay = (at: Date): string => isoDay.format(at);

/** The year in Dakar: official numbering restarts with it. */
export const dakarYear = (at: Date): number => Number(dakarDay(at).slice(0, 4));
