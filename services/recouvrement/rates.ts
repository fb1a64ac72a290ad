import { resolveSettings, type SettingValues } from '../../processes/settings.ts';

/** The contribution rates in force (ten-thousandths): the configured settings, else their defaults. */
export function contributionRates(overrides: SettingValues = {}): { employerRate: number; workerRate: number } {
  const values = resolveSettings(['tauxCotisationEmployeur', 'tauxCotisationSalarie'], overrides);
  return { employerRate: Number(values.tauxCotisationEmployeur), workerRate: Number(values.tauxCotisationSalarie) };
}
