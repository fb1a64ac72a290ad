import type { InputSchema } from './fields.ts';

// The checklist of a case's documents (a field of type `pieces` in its process): each item, the
// document attached to it, whether the viewer may attach one now, and the columns of ticks the
// viewer's forms hold over the same items (« Pièces vérifiées », « Pièces à revoir »). Pure: the
// case page draws it.

export interface ChecklistItem {
  value: string;
  label: string;
  document: { id: string; name: string; mimeType: string } | null;
}

export interface TickColumn {
  /** The event whose form the ticks belong to, and its field. */
  event: string;
  field: string;
  label: string;
}

export interface Checklist {
  field: string;
  label: string;
  items: ChecklistItem[];
  /** Whether the viewer may attach a document to an item now. */
  canAttach: boolean;
  ticks: TickColumn[];
}

interface CaseLike {
  context: Record<string, unknown>;
  process: { events: Record<string, { label: string; input?: InputSchema }> };
  availableEvents: { id: string; input: InputSchema }[];
  documents: { id: string; name: string; mimeType: string }[];
}

/** The case's checklist, or null when its process has none. */
export function checklistOf(kase: CaseLike): Checklist | null {
  const found = Object.values(kase.process.events)
    .flatMap((event) => Object.entries(event.input ?? {}))
    .find(([, field]) => field.type === 'pieces');
  if (!found) return null;
  const [field, schema] = found;
  const options = schema.options ?? [];
  const held = (kase.context[field] ?? {}) as Record<string, string>;
  const values = new Set(options.map((o) => o.value));
  const sameItems = (input: InputSchema[string]) =>
    input.type === 'multichoice' && (input.options ?? []).every((o) => values.has(o.value));
  return {
    field,
    label: schema.label,
    items: options.map((o) => ({
      ...o,
      document: kase.documents.find((d) => d.id === held[o.value]) ?? null,
    })),
    canAttach: kase.availableEvents.some((e) => e.input[field]?.type === 'pieces'),
    ticks: kase.availableEvents.flatMap((event) =>
      Object.entries(event.input)
        .filter(([, input]) => sameItems(input))
        .map(([name, input]) => ({ event: event.id, field: name, label: input.label })),
    ),
  };
}

/** Files a browser shows by itself: they open in the preview beside the checklist. */
export const previewable = (mimeType: string): boolean =>
  mimeType === 'application/pdf' || mimeType === 'image/png' || mimeType === 'image/jpeg';
