import { addDuration, instantOf } from './calendar.ts';
import { type FieldName, typed } from './define.ts';
import type { JsonValue } from './model.ts';
import { isSettingName, SETTINGS, type SettingName, type SettingValues } from './settings.ts';

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

const INSTANT = 'instant';

type Item = Record<string, JsonValue>;

export const isFilled = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The list a field holds (items are records); empty when the field is empty. */
const itemsOf = (context: Record<string, unknown>, field: unknown): Item[] =>
  Array.isArray(context[String(field)]) ? (context[String(field)] as Item[]) : [];

/** `{ itemField: caseField }`, each case field read after the event (« instant »: the transition's moment). */
function valuesOf(args: CalculationArgs): Item {
  const values: Item = {};
  for (const [target, source] of Object.entries((args.params.champs ?? {}) as Record<string, string>)) {
    const value = source === INSTANT ? new Date(args.now).toISOString() : args.context[source];
    if (isFilled(value)) values[target] = value as JsonValue;
  }
  return values;
}

export const isName = (value: unknown): boolean => typeof value === 'string' && value !== '';

const isFieldMap = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length > 0 &&
  Object.values(value).every(isName);

export const listParamsProblem = (p: Record<string, JsonValue>, names: string[]): string | undefined => {
  for (const name of names) if (!isName(p[name])) return `${name} doit nommer un champ`;
  return undefined;
};

export const CALCULATIONS = {
  instant: typed<Record<never, never>>()({
    description: 'Le moment de la transition (ISO 8601).',
    checkParams: (p) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre'),
    compute: ({ now }) => new Date(now).toISOString(),
  }),
  vide: typed<Record<never, never>>()({
    description: 'Vide le champ (par exemple une date de fin de suspension, une fois la suspension levée).',
    checkParams: (p) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre'),
    compute: () => null,
  }),
  echeance: typed<{ depuis: readonly (FieldName | 'instant')[]; duree: SettingName }>()({
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
  }),
  ajouterElement: typed<{
    liste: FieldName;
    champs: Record<string, FieldName | 'instant'>;
    numero?: string;
    cle?: string;
  }>()({
    description:
      'La liste `liste` avec un élément de plus, fait des `champs` { champ de l’élément: champ du dossier, ou ' +
      '« instant » } remplis. Avec `numero`, l’élément reçoit dans ce champ le numéro suivant de la liste ; avec ' +
      '`cle`, un élément qui a déjà la même valeur dans ce champ est remplacé (un rapport corrigé).',
    checkParams: (p) =>
      listParamsProblem(p, ['liste']) ??
      (!isFieldMap(p.champs) ? 'champs doit associer des champs de l’élément à des champs du dossier' : undefined) ??
      (p.numero !== undefined && !isName(p.numero) ? 'numero doit nommer un champ de l’élément' : undefined) ??
      (p.cle !== undefined && !isName(p.cle) ? 'cle doit nommer un champ de l’élément' : undefined),
    compute: (args) => {
      const items = itemsOf(args.context, args.params.liste);
      const item = valuesOf(args);
      const numero = args.params.numero as string | undefined;
      if (numero) item[numero] = Math.max(0, ...items.map((i) => Number(i[numero]) || 0)) + 1;
      const key = args.params.cle as string | undefined;
      const same = key ? items.findIndex((i) => isFilled(item[key]) && i[key] === item[key]) : -1;
      return same < 0 ? [...items, item] : items.map((existing, index) => (index === same ? item : existing));
    },
  }),
  modifierElement: typed<{
    liste: FieldName;
    cle: string;
    valeur: FieldName;
    champs: Record<string, FieldName | 'instant'>;
  }>()({
    description:
      'La liste `liste` où l’élément dont le champ `cle` vaut le champ `valeur` du dossier reçoit les `champs` ' +
      '{ champ de l’élément: champ du dossier, ou « instant » } remplis ; les autres champs de l’élément restent.',
    checkParams: (p) =>
      listParamsProblem(p, ['liste', 'cle', 'valeur']) ??
      (!isFieldMap(p.champs) ? 'champs doit associer des champs de l’élément à des champs du dossier' : undefined),
    compute: (args) => {
      const [liste, cle, valeur] = [args.params.liste, args.params.cle, args.params.valeur].map(String) as [
        string,
        string,
        string,
      ];
      const wanted = args.context[valeur];
      const values = valuesOf(args);
      return itemsOf(args.context, liste).map((item) =>
        isFilled(wanted) && item[cle] === wanted ? { ...item, ...values } : item,
      );
    },
  }),
  retirerElement: typed<{ liste: FieldName; cle: string; valeur: FieldName }>()({
    description: 'La liste `liste` sans les éléments dont le champ `cle` vaut le champ `valeur` du dossier.',
    checkParams: (p) => listParamsProblem(p, ['liste', 'cle', 'valeur']),
    compute: (args) => {
      const [cle, valeur] = [String(args.params.cle), String(args.params.valeur)];
      return itemsOf(args.context, args.params.liste).filter((item) => item[cle] !== args.context[valeur]);
    },
  }),
  copie: typed<{ champ: FieldName }>()({
    description: 'La valeur du champ `champ` du dossier (par exemple pour garder une liste avant de la vider).',
    checkParams: (p) => listParamsProblem(p, ['champ']),
    compute: (args) => (args.context[String(args.params.champ)] ?? null) as JsonValue,
  }),
} satisfies Record<string, CalculationImplementation>;

export type CalculationName = keyof typeof CALCULATIONS;

/** Every calculation a definition may name: the engine's, and those of the registered domains. */
export const ALL_CALCULATIONS: Record<string, CalculationImplementation> = { ...CALCULATIONS };

export const isCalculationName = (name: string): boolean => Object.hasOwn(ALL_CALCULATIONS, name);

/** The settings a calculation reads, for the checker (each must be declared by the definition). */
export const settingsReadBy = (params: Record<string, JsonValue>): string[] =>
  typeof params.duree === 'string' ? [params.duree] : [];
