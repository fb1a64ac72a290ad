import { addDuration } from './durations.ts';
import type { JsonValue } from './model.ts';
import { isSettingName, SETTINGS, type SettingValues } from './settings.ts';

// Values the engine computes when a transition is taken (`set` in a definition): a date of grant, an
// end of validity. Pure and deterministic — they run inside workflow code, with the workflow's clock
// — so a replayed case computes the same values. Changing what a calculation gives changes running
// cases: add a new name instead.

export interface CalculationArgs {
  /** The case's data after the event's input was recorded. */
  context: Record<string, unknown>;
  params: Record<string, JsonValue>;
  settings: SettingValues;
  /** When the transition happens (epoch ms, workflow time). */
  now: number;
}

export interface CalculationImplementation {
  description: string;
  checkParams(params: Record<string, JsonValue>): string | undefined;
  compute(args: CalculationArgs): JsonValue;
}

/** An instant held by a field (ISO 8601, or a date meaning the end of that day), or null. */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? null : start + 86_400_000;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

const INSTANT = 'instant';

export const CALCULATIONS = {
  instant: {
    description: 'Le moment de la transition (ISO 8601).',
    checkParams: (p) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre'),
    compute: ({ now }) => new Date(now).toISOString(),
  },
  vide: {
    description: 'Vide le champ (par exemple une date de fin de suspension, une fois la suspension levée).',
    checkParams: (p) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre'),
    compute: () => null,
  },
  echeance: {
    description:
      'Le plus tardif des moments `depuis` (champs du dossier, ou « instant » pour le moment de la transition), ' +
      'plus la durée du réglage `duree` (années et mois comptés au calendrier).',
    checkParams: (p) => {
      if (!Array.isArray(p.depuis) || p.depuis.length === 0 || !p.depuis.every((v) => typeof v === 'string'))
        return 'depuis doit être une liste non vide de champs (ou « instant »)';
      if (!isSettingName(p.duree) || SETTINGS[p.duree].type !== 'duree')
        return `duree doit nommer un réglage de durée (${Object.keys(SETTINGS).join(', ')})`;
      return undefined;
    },
    compute: ({ context, params, settings, now }) => {
      const starts = (params.depuis as string[]).map((name) => (name === INSTANT ? now : instantOf(context[name])));
      const known = starts.filter((at): at is number => at !== null);
      const from = known.length > 0 ? Math.max(...known) : now;
      return new Date(addDuration(from, String(settings[String(params.duree)]))).toISOString();
    },
  },
} satisfies Record<string, CalculationImplementation>;

export type CalculationName = keyof typeof CALCULATIONS;

export const isCalculationName = (name: string): name is CalculationName => Object.hasOwn(CALCULATIONS, name);

/** The settings a calculation reads, for the checker (each must be declared by the definition). */
export const settingsReadBy = (params: Record<string, JsonValue>): string[] =>
  typeof params.duree === 'string' ? [params.duree] : [];
