// ISO 8601 durations (the subset processes need: weeks, days, hours, minutes, seconds).
// Pure and dependency-free: this module is bundled into workflow code.

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export type IsoDuration = string;

/** Milliseconds in an ISO 8601 duration such as `P30D`, `PT12H` or `PT5S`; throws on anything else. */
export function durationMs(duration: IsoDuration): number {
  const match = ISO_DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new Error(`durée invalide « ${duration} » : attendu une durée ISO 8601 comme P30D, PT12H ou PT10S`);
  }
  const [, w, d, h, m, s] = match;
  const ms =
    (Number(w ?? 0) * 7 * 24 * 3600 + Number(d ?? 0) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60) * 1000 +
    Math.round(Number(s ?? 0) * 1000);
  if (ms <= 0) throw new Error(`durée invalide « ${duration} » : elle doit être positive`);
  return ms;
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
