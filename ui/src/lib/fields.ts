// The field types of process forms (processes/fields.ts), read back from a submitted HTML form.

export type FieldSchema = {
  type: 'text' | 'integer' | 'montant' | 'boolean' | 'date' | 'choice' | 'multichoice';
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

/** How a recorded input reads: each field by its label, choices by their option labels. */
export function describeInput(
  input: Record<string, unknown>,
  schemas: InputSchema[],
): { label: string; value: string }[] {
  const fields: InputSchema = Object.assign({}, ...schemas);
  return Object.entries(input).map(([name, raw]) => {
    const field = fields[name];
    const option = (v: unknown) => field?.options?.find((o) => o.value === v)?.label ?? String(v);
    const value = Array.isArray(raw)
      ? raw.map(option).join(', ')
      : typeof raw === 'boolean'
        ? raw
          ? 'oui'
          : 'non'
        : option(raw);
    return { label: field?.label ?? name, value };
  });
}
