import { formatDate, formatFcfa, frenchMonthOf } from './format.ts';

// The field types of process forms (processes/fields.ts), read back from a submitted HTML form.

export type FieldSchema = {
  type: 'text' | 'integer' | 'montant' | 'boolean' | 'date' | 'instant' | 'choice' | 'multichoice' | 'pieces' | 'liste';
  label: string;
  required?: boolean;
  multiline?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  options?: { value: string; label: string }[];
  /** For a list: the fields of each item. */
  items?: InputSchema;
};

export type InputSchema = Record<string, FieldSchema>;

/**
 * Turns form data into the typed input the API expects. Nothing is validated here beyond the shape:
 * the API answers field by field, in French, and the form shows those messages.
 */
export function readInput(schema: InputSchema, form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    // A list is kept by the engine, item by item: no form edits it as a whole.
    if (field.type === 'liste') continue;
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

/**
 * Labels of what a move to another version records (`dossier.migrer`, the engine's own event, which
 * no definition declares). Values a definition computes take their labels from its `computed`.
 */
const MIGRATION_LABELS: Record<string, string> = {
  versionPrecedente: 'Version précédente',
  version: 'Version',
  correspondance: 'Correspondance des états',
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A list held by a case, as a table: a column per field of its items, a row per item. */
export interface DescribedTable {
  columns: string[];
  rows: string[][];
}

/** One value as it reads: a choice by its option's label, a date in French, an amount in FCFA. */
function describeValue(field: FieldSchema | undefined, raw: unknown): string {
  const option = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? String(v);
  if (raw === null || raw === undefined || raw === '') return '—';
  if (Array.isArray(raw)) return raw.map(option).join(', ');
  if (typeof raw === 'boolean') return raw ? 'oui' : 'non';
  if (field?.type === 'montant' && typeof raw === 'number') return formatFcfa(raw);
  if (field?.type === 'integer' && typeof raw === 'number') return new Intl.NumberFormat('fr-FR').format(raw);
  if (field?.type === 'date' && typeof raw === 'string') return formatDate(`${raw}T12:00:00Z`);
  if (typeof raw === 'string' && ISO_INSTANT.test(raw)) return formatDate(raw);
  if (typeof raw === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) return frenchMonthOf(raw);
  if (typeof raw === 'object')
    return Object.entries(raw as object)
      .map(([k, v]) => `${k} → ${v}`)
      .join(', ');
  return option(raw);
}

/** A list's items as a table, with only the columns some item fills. */
function describeList(field: FieldSchema, raw: unknown[]): DescribedTable {
  const items = raw.filter((i): i is Record<string, unknown> => Boolean(i) && typeof i === 'object');
  const names = Object.keys(field.items ?? {}).filter((name) =>
    items.some((item) => item[name] !== undefined && item[name] !== null && item[name] !== ''),
  );
  return {
    columns: names.map((name) => field.items?.[name]?.label ?? name),
    rows: items.map((item) => names.map((name) => describeValue(field.items?.[name], item[name]))),
  };
}

/** How a recorded input reads: each field by its label, choices by their option labels, dates in French. */
export function describeInput(
  input: Record<string, unknown>,
  schemas: InputSchema[],
): { label: string; value: string; table?: DescribedTable }[] {
  const fields: InputSchema = Object.assign({}, ...schemas);
  return Object.entries(input)
    .filter(([, raw]) => raw !== null && raw !== undefined && raw !== '' && !(Array.isArray(raw) && raw.length === 0))
    .map(([name, raw]) => {
      const field = fields[name];
      const label = field?.label ?? MIGRATION_LABELS[name] ?? name;
      // A deposit names the pieces (by their labels), not the stored documents' ids.
      if (field?.type === 'pieces' && typeof raw === 'object') {
        const pieces = Object.keys(raw as object);
        return {
          label: pieces.length > 1 ? 'Pièces déposées' : 'Pièce déposée',
          value: pieces.map((p) => field.options?.find((o) => o.value === p)?.label ?? p).join(', '),
        };
      }
      if (field?.type === 'liste' && Array.isArray(raw)) {
        const table = describeList(field, raw);
        return { label, value: `${table.rows.length} élément${table.rows.length > 1 ? 's' : ''}`, table };
      }
      return { label, value: describeValue(field, raw) };
    });
}

/**
 * The data of a case in the order its forms ask for it (opening form, then each event's), the values
 * the engine computed last; the checklist of documents and empty fields left out.
 */
export function describeData(
  context: Record<string, unknown>,
  schemas: InputSchema[],
): { label: string; value: string; table?: DescribedTable }[] {
  const order = [...new Set(schemas.flatMap((schema) => Object.keys(schema)))];
  const names = [
    ...order.filter((name) => Object.hasOwn(context, name)),
    ...Object.keys(context).filter((n) => !order.includes(n)),
  ];
  return describeInput(Object.fromEntries(names.map((name) => [name, context[name]])), schemas);
}
