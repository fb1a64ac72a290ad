// The rate limit of the rights check, per provider: at most `perMinute` checks per minute of the clock,
// counted in this API process (each instance of the API counts its own). Kept in memory: a refused
// check costs no statement, which is what a limit against a flood is for.

const WINDOW_MS = 60_000;
const windows = new Map<string, { start: number; count: number }>();

/** Counts a check for `provider` at `at` and returns null, or the seconds to wait when it is over the limit. */
export function takeCheck(provider: string, perMinute: number, at: number): number | null {
  const start = at - (at % WINDOW_MS);
  const current = windows.get(provider);
  const window = current && current.start === start ? current : { start, count: 0 };
  windows.set(provider, window);
  if (window.count >= perMinute) return Math.max(1, Math.ceil((start + WINDOW_MS - at) / 1000));
  window.count += 1;
  return null;
}
