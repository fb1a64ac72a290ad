// Siamo's one calendar: durations, days, months and Dakar time, for the engine, the workflows, the
// domains and the portal alike. Pure and dependency-free: this module is bundled into workflow code.
// - ISO 8601 durations. Timers of a step use the exact subset (weeks, days, hours, minutes, seconds);
//   calendar terms — years and months, whose length depends on the date they count from — serve
//   validity periods and are added to a date by `addDuration`.
// - Days (`2019-03-15`) and months (`2017-11`) as the plans, forms and reports write them.
// - Dakar keeps UTC all year round (no daylight saving): computing days with UTC dates is exact and
//   never shifts a day; words are French.

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export type IsoDuration = string;

interface DurationParts {
  years: number;
  months: number;
  /** Everything below a month, in milliseconds. */
  ms: number;
}

function parseDuration(duration: IsoDuration): DurationParts {
  const match = ISO_DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new Error(`durée invalide « ${duration} » : attendu une durée ISO 8601 comme P30D, PT12H ou PT10S`);
  }
  const [, y, mo, w, d, h, m, s] = match;
  const parts = {
    years: Number(y ?? 0),
    months: Number(mo ?? 0),
    ms:
      (Number(w ?? 0) * 7 * 24 * 3600 + Number(d ?? 0) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60) *
        1000 +
      Math.round(Number(s ?? 0) * 1000),
  };
  if (parts.years === 0 && parts.months === 0 && parts.ms <= 0) {
    throw new Error(`durée invalide « ${duration} » : elle doit être positive`);
  }
  return parts;
}

/** Milliseconds in an exact ISO 8601 duration such as `P30D`, `PT12H` or `PT5S`; throws on anything else. */
export function durationMs(duration: IsoDuration): number {
  const parts = parseDuration(duration);
  if (parts.years || parts.months) {
    throw new Error(
      `durée invalide « ${duration} » : un délai se compte en semaines, jours, heures, minutes ou secondes (P30D, PT12H) ; ` +
        'les années et les mois ne servent qu’aux durées de validité',
    );
  }
  return parts.ms;
}

export function isValidDuration(duration: unknown): duration is IsoDuration {
  if (typeof duration !== 'string') return false;
  try {
    durationMs(duration);
    return true;
  } catch {
    return false;
  }
}

/** Whether `duration` is ISO 8601, calendar terms (years, months) allowed. */
export function isValidCalendarDuration(duration: unknown): duration is IsoDuration {
  if (typeof duration !== 'string') return false;
  try {
    parseDuration(duration);
    return true;
  } catch {
    return false;
  }
}

/**
 * `from` plus `duration`, years and months counted on the calendar (UTC, which is Dakar's time): five
 * years from 29 February end on 28 February, one month from 31 January on the last day of February.
 */
export function addDuration(from: number, duration: IsoDuration): number {
  const { years, months, ms } = parseDuration(duration);
  const start = new Date(from);
  const totalMonths = start.getUTCMonth() + years * 12 + months;
  const year = start.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = Date.UTC(
    year,
    month,
    Math.min(start.getUTCDate(), lastDay),
    start.getUTCHours(),
    start.getUTCMinutes(),
    start.getUTCSeconds(),
    start.getUTCMilliseconds(),
  );
  return moved + ms;
}

/** Overrides of named process durations, keyed `processId.durationName`. */
export type DurationOverrides = Record<string, IsoDuration>;

/**
 * Parses `agrement.delaiComplements=PT10S, agrement.instruction=P5D` (comma or semicolon separated).
 * Used by configuration so that tests and demos can shorten a process's durations.
 */
export function parseDurationOverrides(text: string): DurationOverrides {
  const overrides: DurationOverrides = {};
  for (const part of text.split(/[;,]/)) {
    const item = part.trim();
    if (!item) continue;
    const [key, value, ...rest] = item.split('=').map((s) => s.trim());
    if (!key || !value || rest.length > 0 || !/^[a-z][\w-]*\.[a-zA-Z]\w*$/.test(key)) {
      throw new Error(
        `« ${item} » : attendu processus.nomDeLaDurée=DURÉE, par exemple agrement.delaiComplements=PT10S`,
      );
    }
    try {
      durationMs(value);
    } catch (error) {
      throw new Error(`${key} : ${(error as Error).message}`);
    }
    overrides[key] = value;
  }
  return overrides;
}

// Days and months. --------------------------------------------------------------------------------

/** Milliseconds in a day (Dakar has no daylight saving: every day has as many). */
export const DAY_MS = 86_400_000;

/** The start of the day (UTC, Dakar's time) of the instant `at`, in epoch ms. */
export const startOfDay = (at: number): number => Math.floor(at / DAY_MS) * DAY_MS;

/** The day of a field holding `YYYY-MM-DD` (or an instant written from it) as epoch ms at midnight, or null. */
export function dayStartOf(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(at) ? null : at;
}

/** An instant held by a field (ISO 8601, or a date meaning the end of that day), or null. */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? null : start + DAY_MS;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

/** The month a field holds (`YYYY-MM`, or the month of a date or an instant as written), as a month index, or null. */
export function monthIndexOf(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])/.test(value)) return null;
  return Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1;
}

/** The month index of an instant. */
export const monthOfInstant = (at: number): number => {
  const date = new Date(at);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};

/** A calendar month, `2017-11`. */
export type MonthKey = string;

/** A calendar day in Dakar, `2019-03-15` (see `dakarDay`). */
export type DayKey = string;

const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  return ms / DAY_MS;
}

export function dayNumber(day: DayKey): number {
  const n = readDay(day);
  if (n === null) throw new RangeError(`Jour invalide : ${day} (AAAA-MM-JJ attendu)`);
  return n;
}

export const dayKey = (dayNumber: number): DayKey => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

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
export const frenchDay = (day: DayKey): string => withFirst(longDay, new Date(dayNumber(day) * DAY_MS));

// Dakar time, in French. ---------------------------------------------------------------------------
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

const monthYearUtc = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

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
  return monthYearUtc.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** The calendar day in Dakar, `2026-12-07`. */
export const dakarDay = (at: Date): string => isoDay.format(at);

/** The year in Dakar: official numbering restarts with it. */
export const dakarYear = (at: Date): number => Number(dakarDay(at).slice(0, 4));
