// French formats for the portal: dates in Africa/Dakar time (the product's calendar), amounts in FCFA.

import { DAY_MS, frenchDate, frenchDateTime, frenchDay, frenchMonthOf, readDay } from '../../../processes/calendar.ts';

export { frenchMonthOf };

const amount = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? frenchDateTime(new Date(iso)) : '—');

export const formatDate = (iso: string | null | undefined): string => (iso ? frenchDate(new Date(iso)) : '—');

/** A calendar day written `YYYY-MM-DD` (a last day of suspension, say): the day itself, whatever the time zone. */
export const formatDay = (day: string | null | undefined): string =>
  day && readDay(day) !== null ? frenchDay(day) : (day ?? '—');

const UNITS: [label: string, seconds: number][] = [
  ['j', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
];

/**
 * A length of time in its two largest units, rounded to the smaller: « 3 j 4 h », « 2 h 10 min »,
 * « 5 min 30 s », « 45 s »; « — » when there is none.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  for (let i = 0; i < UNITS.length - 1; i++) {
    const [big, bigSeconds] = UNITS[i] as [string, number];
    const [small, smallSeconds] = UNITS[i + 1] as [string, number];
    const rounded = Math.round(Math.max(0, seconds) / smallSeconds) * smallSeconds;
    if (rounded >= bigSeconds) {
      const rest = (rounded % bigSeconds) / smallSeconds;
      return `${Math.floor(rounded / bigSeconds)} ${big}${rest > 0 ? ` ${rest} ${small}` : ''}`;
    }
  }
  return `${Math.round(Math.max(0, seconds))} s`;
}

/** `1 250 000 FCFA`: French grouping, no decimals (the franc CFA has none). */
export const formatFcfa = (value: number): string => `${amount.format(value)} FCFA`;

/** « dans 3 jours », « en retard de 2 jours », « aujourd’hui » — for due dates. */
export function relativeDue(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const days = Math.round((new Date(iso).getTime() - now) / DAY_MS);
  if (days === 0) return new Date(iso).getTime() < now ? 'échéance dépassée aujourd’hui' : 'échéance aujourd’hui';
  if (days > 0) return `dans ${days} jour${days > 1 ? 's' : ''}`;
  return `en retard de ${-days} jour${days < -1 ? 's' : ''}`;
}

export const isOverdue = (iso: string | null | undefined, now = Date.now()): boolean =>
  Boolean(iso) && new Date(iso as string).getTime() < now;
