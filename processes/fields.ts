import { textProblem, unsafeTexts } from './text-safety.ts';

// Input schemas of events: a small, closed set of field types that a screen can render as a form and
// that validates with French messages, field by field. Pure: bundled into workflow code.

export type FieldSchema =
  | TextField
  | NumberField
  | { type: 'boolean'; label: string; required?: boolean }
  | DateField
  /** A moment (ISO 8601 with its time zone), e.g. an end of validity computed by the engine. */
  | { type: 'instant'; label: string; required?: boolean }
  | ChoiceField
  | PiecesField
  | ListField;

interface TextField {
  type: 'text';
  label: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** A regular expression the whole value must match, with the message shown when it does not. */
  pattern?: { regex: string; message: string };
  multiline?: boolean;
}

/** A calendar date. Outside `min`–`max` (AAAA-MM-JJ, inclusive) it is refused; by default, outside 1910–2199. */
interface DateField {
  type: 'date';
  label: string;
  required?: boolean;
  min?: string;
  max?: string;
}

interface NumberField {
  /** `montant` is an amount in FCFA: a whole number of francs. */
  type: 'integer' | 'montant';
  label: string;
  required?: boolean;
  min?: number;
  max?: number;
}

interface ChoiceField {
  type: 'choice' | 'multichoice';
  label: string;
  required?: boolean;
  options: { value: string; label: string }[];
}

/**
 * A checklist of documents: for each item (`options`), the id of a document uploaded to the case. An
 * event merges what it brings into what the case already holds, so items are attached one by one.
 */
interface PiecesField {
  type: 'pieces';
  label: string;
  required?: boolean;
  options: { value: string; label: string }[];
}

/**
 * A list of records, each with the fields of `items` (a project's milestones, its prerequisite
 * projects): what a case holds as data the engine keeps, adds to and updates item by item
 * (`processes/calculations.ts`). Items' fields are simple: no list inside a list.
 */
interface ListField {
  type: 'liste';
  label: string;
  required?: boolean;
  items: Record<string, FieldSchema>;
  maxItems?: number;
}

export type FieldErrors = Record<string, string>;

export const FIELD_TYPES: readonly FieldSchema['type'][] = [
  'text',
  'integer',
  'montant',
  'boolean',
  'date',
  'instant',
  'choice',
  'multichoice',
  'pieces',
  'liste',
];

/** The types an item of a list may have: every type but lists and checklists of documents. */
export const LIST_ITEM_TYPES: readonly FieldSchema['type'][] = FIELD_TYPES.filter(
  (type) => type !== 'liste' && type !== 'pieces',
);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Document ids: UUIDs, or any short id of letters, digits and dashes. */
export const DOCUMENT_ID = /^[\w-]{1,64}$/;
const TEXT_MAX = 10_000;
const LIST_MAX = 500;
/**
 * What any number or date may be when its field sets no bound of its own: beyond them a value is a
 * mistake (a headcount of 2^53−1, a project started in 1900), never a fact.
 */
export const PLAUSIBLE = {
  integer: { min: -1_000_000_000, max: 1_000_000_000 },
  /** FCFA: ten thousand billion, above the State's whole budget. */
  montant: { max: 10_000_000_000_000 },
  date: { min: '1910-01-01', max: '2199-12-31' },
} as const;

/** How strictly input is read. `legacy` is what cases opened before the plausibility rules accepted. */
export type InputRules = 'strict' | 'legacy';

function fieldError(field: FieldSchema, value: unknown, rules: InputRules): string | undefined {
  const strict = rules === 'strict';
  const missing =
    value === undefined ||
    value === null ||
    value === '' ||
    // Blanks are not a reason: a required text of spaces is as missing as an empty one.
    (strict && field.type === 'text' && typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0) ||
    (field.type === 'pieces' && typeof value === 'object' && Object.keys(value).length === 0);
  if (missing) return field.required ? `« ${field.label} » est obligatoire.` : undefined;
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return `« ${field.label} » doit être un texte.`;
      const unsafe = textProblem(value);
      if (unsafe) return `« ${field.label} » ${unsafe}`;
      const max = field.maxLength ?? TEXT_MAX;
      if (value.length > max) return `« ${field.label} » ne doit pas dépasser ${max} caractères.`;
      if (field.minLength && value.length < field.minLength)
        return `« ${field.label} » doit compter au moins ${field.minLength} caractères.`;
      if (field.pattern && !new RegExp(`^(?:${field.pattern.regex})$`).test(value))
        return `« ${field.label} » : ${field.pattern.message}`;
      return undefined;
    }
    case 'integer':
    case 'montant': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return field.type === 'montant'
          ? `« ${field.label} » doit être un montant en francs CFA, sans décimales.`
          : `« ${field.label} » doit être un nombre entier.`;
      const bounds: { min?: number; max?: number } = strict ? PLAUSIBLE[field.type] : {};
      const min = field.min ?? (field.type === 'montant' ? 0 : bounds.min);
      const max = field.max ?? bounds.max;
      if (min !== undefined && value < min) return `« ${field.label} » doit être au moins ${french.format(min)}.`;
      if (max !== undefined && value > max) return `« ${field.label} » doit être au plus ${french.format(max)}.`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `« ${field.label} » doit être oui ou non.`;
    case 'date': {
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        return `« ${field.label} » doit être une date au format AAAA-MM-JJ.`;
      if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
        return `« ${field.label} » n’est pas une date du calendrier.`;
      return strict ? dateRangeError(field.label, value, field.min, field.max) : undefined;
    }
    case 'instant': {
      if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value)))
        return `« ${field.label} » doit être un instant ISO 8601, par exemple 2026-12-01T00:00:00Z.`;
      return strict ? dateRangeError(field.label, new Date(value).toISOString().slice(0, 10)) : undefined;
    }
    case 'pieces': {
      if (typeof value !== 'object' || Array.isArray(value))
        return `« ${field.label} » doit associer à chaque pièce le document qui la porte.`;
      const values = field.options.map((o) => o.value);
      const entries = Object.entries(value as Record<string, unknown>);
      const unknown = entries.filter(([item]) => !values.includes(item));
      if (unknown.length > 0)
        return `« ${field.label} » : pièce inconnue ; les pièces sont : ${field.options.map((o) => o.label).join(', ')}.`;
      if (entries.some(([, id]) => typeof id !== 'string' || !DOCUMENT_ID.test(id)))
        return `« ${field.label} » : chaque pièce doit désigner un document déposé dans le dossier.`;
      return undefined;
    }
    case 'choice': {
      const known = field.options.some((o) => o.value === value);
      return known
        ? undefined
        : `« ${field.label} » doit être l’un de : ${field.options.map((o) => o.label).join(', ')}.`;
    }
    case 'liste': {
      if (!Array.isArray(value) || value.some((item) => !item || typeof item !== 'object' || Array.isArray(item)))
        return `« ${field.label} » doit être une liste d’éléments.`;
      const max = field.maxItems ?? LIST_MAX;
      if (value.length > max) return `« ${field.label} » ne doit pas compter plus de ${max} éléments.`;
      for (const [index, item] of value.entries()) {
        const [problem] = Object.values(validateInput(field.items, item, rules));
        if (problem) return `« ${field.label} », élément ${index + 1} : ${problem}`;
      }
      return undefined;
    }
    case 'multichoice': {
      const values = field.options.map((o) => o.value);
      if (!Array.isArray(value) || value.some((v) => !values.includes(v as string)))
        return `« ${field.label} » doit être une liste parmi : ${field.options.map((o) => o.label).join(', ')}.`;
      return new Set(value).size === value.length ? undefined : `« ${field.label} » contient des doublons.`;
    }
  }
}

const french = new Intl.NumberFormat('fr-FR');

function dateRangeError(
  label: string,
  day: string,
  min: string = PLAUSIBLE.date.min,
  max: string = PLAUSIBLE.date.max,
) {
  const frenchDay = (iso: string) => iso.split('-').reverse().join('/');
  if (day < min) return `« ${label} » ne peut pas être antérieure au ${frenchDay(min)} : vérifiez l’année.`;
  if (day > max) return `« ${label} » ne peut pas être postérieure au ${frenchDay(max)} : vérifiez l’année.`;
  return undefined;
}

/**
 * Validates `input` against `schema`: unknown fields are errors too (a typo must not vanish silently).
 * Returns the errors by field name; an empty object means the input is valid. Messages never repeat
 * the value itself, so they are safe to log. Text that could never be stored (a NUL character, a lone
 * surrogate), wherever it hides, is refused first, with its path.
 */
export function validateInput(
  schema: Record<string, FieldSchema> | undefined,
  input: unknown,
  rules: InputRules = 'strict',
): FieldErrors {
  const values = input ?? {};
  if (typeof values !== 'object' || Array.isArray(values)) return { _: 'La saisie doit être un objet de champs.' };
  const unsafe = unsafeTexts(values);
  if (Object.keys(unsafe).length > 0) {
    return Object.fromEntries(Object.entries(unsafe).map(([path, problem]) => [path, `Ce champ ${problem}`]));
  }
  const errors: FieldErrors = {};
  const fields = schema ?? {};
  for (const [name, field] of Object.entries(fields)) {
    const message = fieldError(field, (values as Record<string, unknown>)[name], rules);
    if (message) errors[name] = message;
  }
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(fields, name))
      errors[name] = `Champ inconnu « ${name} » : il ne fait pas partie de ce formulaire.`;
  }
  return errors;
}
