// ISO 8601 durations. Timers of a step use the exact subset (weeks, days, hours, minutes, seconds);
// calendar terms — years and months, whose length depends on the date they count from — serve
// validity periods and are added to a date by `addDuration`. Pure and dependency-free: this module is
// bundled into workflow code.

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
