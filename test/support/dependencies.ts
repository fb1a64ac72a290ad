// What a suite needs from the machine (Chromium, LibreOffice, a PostgreSQL server). On a developer's
// machine a missing one skips the suites that need it, saying why; in CI (`CI=true`) it fails the run,
// so that a broken install can never pass as green.

export const inCi = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true' || env.CI === '1';

/**
 * Whether `what` is here; when it is not, throws in CI and otherwise prints why the suites that need
 * it are skipped. Called while a test file is collected, so the throw fails that file.
 */
export function required(what: string, present: boolean, remedy: string): boolean {
  if (present) return true;
  if (inCi())
    throw new Error(`${what} est introuvable, et CI=true : installez-le (${remedy}) ; en CI rien n’est sauté.`);
  console.warn(`Tests sautés : ${what} est introuvable sur cette machine (${remedy}).`);
  return false;
}
