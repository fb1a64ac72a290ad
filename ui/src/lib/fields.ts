import { formatDate, formatFcfa } from './format.ts';

// The field types of process forms (processes/fields.ts), read back from a submitted HTML form.

export type FieldSchema = {
  type: 'text' | 'integer' | 'montant' | 'boolean' | 'date' | 'instant' | 'choice' | 'multichoice' | 'pieces';
  label: string;
  required?: boolean;
  multiline?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  options?: { value: string; label: string }[];
};

export type InputSchema = Record<string, FieldSchema>;

/**
 * Turns form data into the typed input the API expects. Nothing is validated here beyond the shape:
 * the API answers field by field, in French, and the form shows those messages.
 */
export function readInput(schema: InputSchema, form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    const raw = form.get(name);
    switch (field.type) {
      case 'boolean':
        input[name] = raw === 'on' || raw === 'true';
        break;
      case 'multichoice':
        input[name] = form.getAll(name).map(String);
        break;
      case 'integer':
      case 'montant': {
        // Accept what people type: « 1 250 000 », « 1.250.000 », with no-break spaces too.
        const text = String(raw ?? '').replace(/[\s\u00a0\u202f.]/g, '');
        if (text !== '') input[name] = /^-?\d+$/.test(text) ? Number(text) : text;
        break;
      }
      default: {
        const text = String(raw ?? '').trim();
        if (text !== '') input[name] = text;
      }
    }
  }
  return input;
}

/** Labels of the values the engine computes (they have no form field to take a label from). */
const COMPUTED_LABELS: Record<string, string> = {
  debutValidite: 'Début de validité',
  finValidite: 'Fin de validité',
  nouvelleFinValidite: 'Nouvelle fin de validité',
  renouveleLe: 'Renouvelé le',
  versionPrecedente: 'Version précédente',
  version: 'Version',
  correspondance: 'Correspondance des états',
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** How a recorded input reads: each field by its label, choices by their option labels, dates in French. */
export function describeInput(
  input: Record<string, unknown>,
  schemas: InputSchema[],
): { label: string; value: string }[] {
  const fields: InputSchema = Object.assign({}, ...schemas);
  return Object.entries(input)
    .filter(
      ([name, raw]) =>
        fields[name]?.type !== 'pieces' &&
        raw !== null &&
        raw !== undefined &&
        raw !== '' &&
        !(Array.isArray(raw) && raw.length === 0),
    )
    .map(([name, raw]) => {
      const field = fields[name];
      const option = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? String(v);
      let value: string;
      if (Array.isArray(raw)) value = raw.map(option).join(', ');
      else if (typeof raw === 'boolean') value = raw ? 'oui' : 'non';
      else if (field?.type === 'montant' && typeof raw === 'number') value = formatFcfa(raw);
      else if (field?.type === 'integer' && typeof raw === 'number') value = new Intl.NumberFormat('fr-FR').format(raw);
      else if (field?.type === 'date' && typeof raw === 'string') value = formatDate(`${raw}T12:00:00Z`);
      else if (typeof raw === 'string' && ISO_INSTANT.test(raw)) value = formatDate(raw);
      else if (typeof raw === 'object')
        value = Object.entries(raw as object)
          .map(([k, v]) => `${k} → ${v}`)
          .join(', ');
      else value = option(raw);
      return { label: field?.label ?? COMPUTED_LABELS[name] ?? name, value };
    });
}

/**
 * The data of a case in the order its forms ask for it (opening form, then each event's), the values
 * the engine computed last; the checklist of documents and empty fields left out.
 */
export function describeData(
  context: Record<string, unknown>,
  schemas: InputSchema[],
): { label: string; value: string }[] {
  const order = [...new Set(schemas.flatMap((schema) => Object.keys(schema)))];
  const names = [
    ...order.filter((name) => Object.hasOwn(context, name)),
    ...Object.keys(context).filter((n) => !order.includes(n)),
  ];
  return describeInput(Object.fromEntries(names.map((name) => [name, context[name]])), schemas);
}
