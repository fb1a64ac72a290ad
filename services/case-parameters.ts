import { durationMs } from '../processes/calendar.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { resolveSettings } from '../processes/settings.ts';
import type { CaseParameters } from '../workflows/types.ts';
import type { CaseServiceContext } from './context.ts';

/**
 * Resolves the definition's named durations and settings with the configured overrides, once, when a
 * case opens: the case keeps them for its whole life.
 */
export function caseParameters(
  definition: ProcessDefinition,
  context: Pick<CaseServiceContext, 'durationOverrides' | 'settingOverrides' | 'transitionsPerRun'>,
): CaseParameters {
  const durationsMs = Object.fromEntries(
    Object.entries(definition.durations ?? {}).map(([name, d]) => [
      name,
      durationMs(context.durationOverrides[`${definition.id}.${name}`] ?? d.default),
    ]),
  );
  return {
    durationsMs,
    transitionsPerRun: context.transitionsPerRun,
    ...(definition.settings?.length
      ? { settings: resolveSettings(definition.settings, context.settingOverrides) }
      : {}),
  };
}
