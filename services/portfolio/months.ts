// Calendar months and days as the plan counts them. The plan speaks in months (`2017-11`); progress
// reports and milestones in days (`2019-03-15`). Both are calendar values read in Dakar, which keeps
// UTC all year round: computing them with UTC dates is exact and never shifts a day.
import { withFirst } from '../french-dates.ts';

/** A calendar month, `2017-11`. */
export type MonthKey = string;

/** A calendar day in Dakar, `2019-03-15` (see `dakarDay` in `services/french-dates.ts`). */
export type DayKey = string;

const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The month's position on a single scale (months since year 0), so that months add and subtract. */
export function monthIndex(month: MonthKey): number {
  const index = readMonth(month);
  if (index === null) throw new RangeError(`Mois invalide : ${month} (AAAA-MM attendu)`);
  return index;
}

/** Like `monthIndex`, but `null` for anything that is not a real `YYYY-MM` month. */
export function readMonth(text: string): number | null {
  const match = MONTH.exec(text);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return Number(match[1]) * 12 + month - 1;
}

export const monthKey = (index: number): MonthKey =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day, or `null` when it is not a real calendar day. */
export function readDay(text: string): number | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 31 April over to 1 May: a day that does not round-trip does not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

export function dayNumber(day: DayKey): number {
  const n = readDay(day);
  if (n === null) throw new RangeError(`Jour invalide : ${day} (AAAA-MM-JJ attendu)`);
  return n;
}

export const dayKey = (dayNumber: number): DayKey => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);

/** The month a day falls in, as a month index. */
export const monthOfDay = (day: DayKey): number => monthIndex(day.slice(0, 7));

export const firstDayOfMonth = (index: number): DayKey => `${monthKey(index)}-01`;

export const lastDayOfMonth = (index: number): DayKey => dayKey(dayNumber(firstDayOfMonth(index + 1)) - 1);

export const daysInMonth = (index: number): number =>
  dayNumber(firstDayOfMonth(index + 1)) - dayNumber(firstDayOfMonth(index));

/**
 * `months` calendar months after `day`, on the same day of the month or, when that month is shorter,
 * on its last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonthsToDay(day: DayKey, months: number): DayKey {
  const target = monthOfDay(day) + months;
  const dayOfMonth = Math.min(Number(day.slice(8, 10)), daysInMonth(target));
  return `${monthKey(target)}-${String(dayOfMonth).padStart(2, '0')}`;
}

const utcDate = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 1));
const monthYear = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** « novembre 2017 » */
export const frenchMonth = (index: number): string => monthYear.format(utcDate(index));

/** « novembre » */
export const frenchMonthName = (index: number): string => monthName.format(utcDate(index));

/** « 15 avril 2019 » */
export const frenchDay = (day: DayKey): string => withFirst(longDay, new Date(dayNumber(day) * MS_PER_DAY));
