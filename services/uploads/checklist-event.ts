import type { ProcessEngine } from '../../processes/engine.ts';
import type { Role } from '../../processes/roles.ts';

/** The event that attaches a document to a checklist item, the field it fills and who sends it. */
export interface ChecklistEvent {
  event: string;
  field: string;
  role: Role;
}

/**
 * Among the events `roles` may send in `state`, the one whose form is a checklist of documents with
 * `item` among its items (`pieces.deposer` in the licence processes); undefined when none is open.
 */
export function checklistEventFor(
  engine: ProcessEngine,
  state: string,
  roles: readonly Role[],
  item: string,
): ChecklistEvent | undefined {
  for (const role of roles) {
    for (const event of engine.availableEvents(state, role)) {
      for (const [field, schema] of Object.entries(event.input)) {
        if (schema.type === 'pieces' && schema.options.some((o) => o.value === item)) {
          return { event: event.id, field, role };
        }
      }
    }
  }
  return undefined;
}
