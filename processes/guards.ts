import { DAY_MS, dayStartOf, monthIndexOf, monthOfInstant, startOfDay } from './calendar.ts';
import { type FieldName, typed } from './define.ts';
import type { JsonValue } from './model.ts';
import { isSettingName, SETTINGS, type SettingName, type SettingValues } from './settings.ts';

// Guards named by definitions. Pure and deterministic: they run inside workflow code, in the update
// validator, so an event whose guard fails is refused before it enters the case's history.
// Changing what a guard decides changes running cases: add a new guard name instead.

export interface GuardArgs {
  /** The case's data before the event. */
  context: Record<string, unknown>;
  /** The event's input. */
  input: Record<string, unknown>;
  params: Record<string, JsonValue>;
  /** The case's settings, fixed when it opened. */
  settings: SettingValues;
  /** When the event happens (epoch ms, workflow time). */
  now: number;
  /** The French label of a choice value, for refusal messages; defaults to the value itself. */
  labelOf?: (field: string, value: string) => string;
  /** The French label of a field, for refusal messages; defaults to its name. */
  fieldLabel?: (field: string) => string;
}

export interface GuardImplementation {
  /** What the guard requires, for the process checker and the documentation. */
  description: string;
  /** A reason when the parameters are wrong, checked by `processes:check`. */
  checkParams(params: Record<string, JsonValue>): string | undefined;
  holds(args: GuardArgs): boolean;
  /** The French reason shown when the guard refuses the event. */
  refusal(args: GuardArgs): string;
}

/** The value of a field after the event: its input wins over the case's data. */
const valueAfter = ({ context, input }: GuardArgs, field: string): unknown =>
  Object.hasOwn(input, field) ? input[field] : context[field];

const missingValues = (args: GuardArgs): string[] => {
  const present = valueAfter(args, String(args.params.champ));
  const list = Array.isArray(present) ? present : [];
  return (args.params.valeurs as string[]).filter((v) => !list.includes(v));
};

const attachedPieces = (args: GuardArgs): string[] => {
  const present = valueAfter(args, String(args.params.champ));
  const map = present && typeof present === 'object' && !Array.isArray(present) ? present : {};
  return (args.params.valeurs as string[]).filter((v) => !(map as Record<string, unknown>)[v]);
};

/** A setting's value, read at the moment the guard decides; the checker makes sure it is declared. */
const settingOf = (args: GuardArgs): number => Number(args.settings[String(args.params.reglage)]);

/** Whether the threshold applies: always, or when field `si.champ` holds `si.valeur`. */
const thresholdApplies = (args: GuardArgs): boolean => {
  const when = args.params.si as { champ: string; valeur: JsonValue } | undefined;
  return !when || valueAfter(args, when.champ) === when.valeur;
};

const french = new Intl.NumberFormat('fr-FR');

const emptyFields = (args: GuardArgs): string[] =>
  (args.params.champs as string[]).filter((name) => {
    const value = valueAfter(args, name);
    return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  });

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The items of a list field after the event. */
const itemsAfter = (args: GuardArgs, field: string): Record<string, unknown>[] => {
  const value = valueAfter(args, field);
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
};

/** The item of list `liste` whose `cle` is the value of field `champ` (and, with `vide`, whose field `vide` is empty). */
const matchingItem = (args: GuardArgs): Record<string, unknown> | undefined => {
  const { liste, cle, champ, vide } = args.params as Record<string, string | undefined>;
  const wanted = valueAfter(args, String(champ));
  return itemsAfter(args, String(liste)).find(
    (item) => isFilled(wanted) && item?.[String(cle)] === wanted && (!vide || !isFilled(item[vide])),
  );
};

export const GUARDS = {
  listeComplete: typed<{ champ: FieldName; valeurs: readonly string[] }>()({
    description: 'Le champ à choix multiples `champ` contient toutes les `valeurs` (par exemple les pièces requises).',
    checkParams: (p) =>
      typeof p.champ === 'string' && Array.isArray(p.valeurs) && p.valeurs.every((v) => typeof v === 'string')
        ? undefined
        : 'attend { champ: texte, valeurs: [textes] }',
    holds: (args) => missingValues(args).length === 0,
    refusal: (args) => {
      const label = (v: string) => args.labelOf?.(String(args.params.champ), v) ?? v;
      return `Éléments manquants : ${missingValues(args).map(label).join(', ')}.`;
    },
  }),
  piecesJointes: typed<{ champ: FieldName; valeurs: readonly string[] }>()({
    description:
      'Le champ `champ` (liste de pièces) désigne un document pour chacune des `valeurs` : les pièces à déposer avant de soumettre.',
    checkParams: (p) =>
      typeof p.champ === 'string' && Array.isArray(p.valeurs) && p.valeurs.every((v) => typeof v === 'string')
        ? undefined
        : 'attend { champ: texte, valeurs: [textes] }',
    holds: (args) => attachedPieces(args).length === 0,
    refusal: (args) => {
      const label = (v: string) => args.labelOf?.(String(args.params.champ), v) ?? v;
      return `Pièces à déposer d’abord : ${attachedPieces(args).map(label).join(', ')}.`;
    },
  }),
  seuilMinimum: typed<{
    champ: FieldName;
    reglage: SettingName;
    motif: string;
    si?: { champ: FieldName; valeur: JsonValue };
  }>()({
    description:
      'Le nombre du champ `champ` atteint le réglage `reglage` (si `si` est donné : seulement quand le champ `si.champ` vaut `si.valeur`). ' +
      'Le refus dit `motif`, où {seuil} est remplacé par la valeur du réglage.',
    checkParams: (p) => {
      if (typeof p.champ !== 'string')
        return 'attend { champ: texte, reglage: nom de réglage, motif: texte, si?: { champ, valeur } }';
      if (!isSettingName(p.reglage) || SETTINGS[p.reglage].type !== 'entier')
        return `reglage doit nommer un réglage entier (${Object.keys(SETTINGS).join(', ')})`;
      if (typeof p.motif !== 'string' || !p.motif.includes('{seuil}'))
        return 'motif doit être un texte qui cite {seuil}';
      const when = p.si as Record<string, JsonValue> | undefined;
      if (
        when !== undefined &&
        (typeof when !== 'object' || typeof when.champ !== 'string' || when.valeur === undefined)
      )
        return 'si doit être { champ: texte, valeur }';
      return undefined;
    },
    holds: (args) => {
      if (!thresholdApplies(args)) return true;
      const value = valueAfter(args, String(args.params.champ));
      return typeof value === 'number' && value >= settingOf(args);
    },
    refusal: (args) => String(args.params.motif).replaceAll('{seuil}', french.format(settingOf(args))),
  }),
  dateFuture: typed<{ champ: FieldName }>()({
    description: 'Le champ date `champ`, s’il est rempli, est postérieur au jour de l’événement.',
    checkParams: (p) => (typeof p.champ === 'string' ? undefined : 'attend { champ: texte }'),
    holds: (args) => {
      const value = valueAfter(args, String(args.params.champ));
      if (typeof value !== 'string' || value === '') return true;
      const day = dayStartOf(value);
      return day !== null && day >= startOfDay(args.now) + DAY_MS;
    },
    refusal: (args) => {
      const field = String(args.params.champ);
      return `« ${args.fieldLabel?.(field) ?? field} » doit être une date à venir.`;
    },
  }),
  champsRemplis: typed<{ champs: readonly FieldName[]; motif?: string }>()({
    description:
      'Chacun des `champs` est rempli (par exemple les rubriques d’une demande avant de la soumettre). ' +
      'Le refus nomme ceux qui manquent, ou dit `motif` s’il est donné.',
    checkParams: (p) =>
      Array.isArray(p.champs) &&
      p.champs.length > 0 &&
      p.champs.every((v) => typeof v === 'string') &&
      (p.motif === undefined || typeof p.motif === 'string')
        ? undefined
        : 'attend { champs: [textes], motif?: texte }',
    holds: (args) => emptyFields(args).length === 0,
    refusal: (args) =>
      typeof args.params.motif === 'string'
        ? args.params.motif
        : `À remplir d’abord : ${emptyFields(args)
            .map((name) => args.fieldLabel?.(name) ?? name)
            .join(', ')}.`,
  }),
  listeVide: typed<{ champ: FieldName; cle: string; motif: string }>()({
    description:
      'La liste du champ `champ` est vide (par exemple : plus aucun projet prérequis en attente). Le refus dit ' +
      '`motif`, où {elements} est remplacé par les valeurs du champ `cle` des éléments restants.',
    checkParams: (p) =>
      typeof p.champ === 'string' &&
      typeof p.cle === 'string' &&
      typeof p.motif === 'string' &&
      p.motif.includes('{elements}')
        ? undefined
        : 'attend { champ: texte, cle: texte, motif: texte qui cite {elements} }',
    holds: (args) => itemsAfter(args, String(args.params.champ)).length === 0,
    refusal: (args) =>
      String(args.params.motif).replaceAll(
        '{elements}',
        itemsAfter(args, String(args.params.champ))
          .map((item) => String(item?.[String(args.params.cle)] ?? '?'))
          .join(', '),
      ),
  }),
  elementExiste: typed<{ liste: FieldName; cle: string; champ: FieldName; vide?: string; motif: string }>()({
    description:
      'La liste `liste` a un élément dont le champ `cle` vaut le champ `champ` (saisi ou déjà au dossier) ; avec ' +
      '`vide`, un tel élément dont ce champ est encore vide (un jalon pas encore atteint). Le refus dit `motif`, où ' +
      '{valeur} est remplacé par la valeur cherchée.',
    checkParams: (p) =>
      ['liste', 'cle', 'champ'].every((name) => typeof p[name] === 'string') &&
      (p.vide === undefined || typeof p.vide === 'string') &&
      typeof p.motif === 'string'
        ? undefined
        : 'attend { liste: texte, cle: texte, champ: texte, vide?: texte, motif: texte }',
    holds: (args) => matchingItem(args) !== undefined,
    refusal: (args) =>
      String(args.params.motif).replaceAll('{valeur}', String(valueAfter(args, String(args.params.champ)) ?? '')),
  }),
  datePassee: typed<{ champ: FieldName }>()({
    description:
      'Le champ date `champ`, s’il est rempli, n’est pas postérieur au jour de l’événement (aujourd’hui compris).',
    checkParams: (p) => (typeof p.champ === 'string' ? undefined : 'attend { champ: texte }'),
    holds: (args) => {
      const day = dayStartOf(valueAfter(args, String(args.params.champ)));
      return day === null || day <= startOfDay(args.now);
    },
    refusal: (args) => {
      const field = String(args.params.champ);
      return `« ${args.fieldLabel?.(field) ?? field} » ne peut pas être une date à venir.`;
    },
  }),
  moisEcoule: typed<{ champ: FieldName; depuis?: FieldName }>()({
    description:
      'Le mois du champ `champ` (AAAA-MM) est commencé au moment de l’événement et, avec `depuis`, n’est pas ' +
      'antérieur au mois du champ date `depuis` (un rapport ne porte ni sur un mois à venir, ni sur un mois ' +
      'd’avant le démarrage).',
    checkParams: (p) =>
      typeof p.champ === 'string' && (p.depuis === undefined || typeof p.depuis === 'string')
        ? undefined
        : 'attend { champ: texte, depuis?: texte }',
    holds: (args) => {
      const month = monthIndexOf(valueAfter(args, String(args.params.champ)));
      if (month === null) return true;
      const from = args.params.depuis === undefined ? null : monthIndexOf(valueAfter(args, String(args.params.depuis)));
      return month <= monthOfInstant(args.now) && (from === null || month >= from);
    },
    refusal: (args) => {
      const field = String(args.params.champ);
      const from = args.params.depuis === undefined ? undefined : String(args.params.depuis);
      return (
        `« ${args.fieldLabel?.(field) ?? field} » doit être un mois commencé` +
        (from ? `, et pas antérieur à celui de « ${args.fieldLabel?.(from) ?? from} ».` : '.')
      );
    },
  }),
} satisfies Record<string, GuardImplementation>;

export type GuardName = keyof typeof GUARDS;

interface GuardCallParams {
  name: string;
  params?: Record<string, JsonValue>;
}

/**
 * `toutes`: every condition of `conditions` holds; a refusal gives the reason of each that does not,
 * so that the person sees at once all that stands in the way. Kept apart from GUARDS because it is
 * made of them.
 */
export const ALL_OF: GuardImplementation = {
  description: 'Toutes les `conditions` (chacune { name, params }) sont remplies ; le refus donne chaque raison.',
  checkParams: (p) => {
    const conditions = p.conditions as unknown;
    if (!Array.isArray(conditions) || conditions.length === 0) return 'attend { conditions: [{ name, params }] }';
    for (const condition of conditions as GuardCallParams[]) {
      if (!condition || typeof condition.name !== 'string' || !isSimpleGuard(condition.name))
        return `condition inconnue « ${String(condition?.name)} » (connues : ${simpleGuardNames().join(', ')})`;
      const problem = simpleGuard(condition.name).checkParams(condition.params ?? {});
      if (problem) return `condition ${condition.name} : ${problem}`;
    }
    return undefined;
  },
  holds: (args) => failing(args).length === 0,
  refusal: (args) =>
    failing(args)
      .map((c) => simpleGuard(c.name).refusal({ ...args, params: c.params ?? {} }))
      .join(' '),
};

const ALL_OF_NAME = 'toutes';

const isSimpleGuard = (name: string): boolean => name !== ALL_OF_NAME && Object.hasOwn(ALL_GUARDS, name);

const simpleGuardNames = () => Object.keys(ALL_GUARDS).filter((name) => name !== ALL_OF_NAME);

const simpleGuard = (name: string): GuardImplementation => ALL_GUARDS[name] as GuardImplementation;

const failing = (args: GuardArgs): GuardCallParams[] =>
  (args.params.conditions as unknown as GuardCallParams[]).filter(
    (c) => !simpleGuard(c.name).holds({ ...args, params: c.params ?? {} }),
  );

/**
 * Every guard a definition may name: the engine's, `toutes` made of them, and those of the registered
 * domains (`processes/catalogue.ts`), which `toutes` may combine too.
 */
export const ALL_GUARDS: Record<string, GuardImplementation> = { ...GUARDS, [ALL_OF_NAME]: ALL_OF };

export const isGuardName = (name: string): boolean => Object.hasOwn(ALL_GUARDS, name);
