import { frenchDate } from '../../processes/calendar.ts';
import type { FieldSchema } from '../../processes/fields.ts';
import type { CaseFacts } from '../case-facts.ts';

/**
 * A field of the case's data as words for a document: choices by their label, numbers with French
 * digit grouping, amounts in FCFA. Undefined when the case has no such field.
 */
export function fieldText(facts: CaseFacts, name: string): string | undefined {
  const value = facts.context[name];
  if (value === undefined || value === null || value === '') return undefined;
  const schema = fieldSchema(facts, name);
  const label = (v: unknown) =>
    schema && 'options' in schema ? (schema.options.find((o) => o.value === v)?.label ?? String(v)) : String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (schema?.type === 'date' || schema?.type === 'instant') return dateText(facts, name);
  if (typeof value === 'number') {
    const formatted = new Intl.NumberFormat('fr-FR').format(value);
    return schema?.type === 'montant' ? `${formatted} FCFA` : formatted;
  }
  return label(value);
}

function fieldSchema(facts: CaseFacts, name: string): FieldSchema | undefined {
  const { definition } = facts;
  return (
    definition.startInput?.[name] ??
    Object.values(definition.events)
      .map((event) => event.input?.[name])
      .find((field) => field !== undefined)
  );
}

/**
 * A date or instant of the case's data as a French date (« 29 novembre 2031 »), whether the field
 * comes from a form or was computed by the engine (a validity's end). A date alone is that day.
 */
export function dateText(facts: CaseFacts, name: string): string | undefined {
  const value = facts.context[name];
  if (typeof value !== 'string' || value === '') return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(at.getTime()) ? undefined : frenchDate(at);
}
