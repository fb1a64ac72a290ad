import type { NotificationKind } from './effects.ts';
import type { ProcessDefinition } from './model.ts';
import type { Role } from './roles.ts';

// What a state schedules when a case enters it: events the engine will send (deadlines) and
// notifications it will issue (a deadline approaching, a step overdue, an escalation). Pure: the
// case workflow turns each into a durable timer, cancelled when the case leaves the state.

export type Alarm =
  | { id: string; at: number; kind: 'event'; event: string; timerIndex: number }
  | { id: string; at: number; kind: 'notify'; notification: NotificationKind; roles: Role[]; deadline: number };

export function stateAlarms(
  definition: ProcessDefinition,
  state: string,
  enteredAt: number,
  durationsMs: Record<string, number>,
): Alarm[] {
  const stateDefinition = definition.states[state];
  if (!stateDefinition || stateDefinition.terminal) return [];
  const ms = (name: string | undefined) => (name ? (durationsMs[name] ?? 0) : 0);
  const alarms: Alarm[] = [];
  for (const [index, timer] of (stateDefinition.timers ?? []).entries()) {
    const at = enteredAt + ms(timer.after);
    alarms.push({ id: `evenement:${index}`, at, kind: 'event', event: timer.event, timerIndex: index });
    const warnAt = at - ms(timer.warnBefore);
    if (timer.warn?.length && warnAt > enteredAt) {
      alarms.push({
        id: `avertissement:${index}`,
        at: warnAt,
        kind: 'notify',
        notification: 'echeance_proche',
        roles: timer.warn,
        deadline: at,
      });
    }
  }
  const { overdue, targetDuration } = stateDefinition;
  if (overdue && targetDuration) {
    const dueAt = enteredAt + ms(targetDuration);
    alarms.push({
      id: 'retard',
      at: dueAt,
      kind: 'notify',
      notification: 'retard',
      roles: overdue.remind,
      deadline: dueAt,
    });
    if (overdue.escalateAfter && overdue.escalateTo?.length) {
      const at = dueAt + ms(overdue.escalateAfter);
      alarms.push({
        id: 'escalade',
        at,
        kind: 'notify',
        notification: 'escalade',
        roles: overdue.escalateTo,
        deadline: dueAt,
      });
    }
  }
  return alarms.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
