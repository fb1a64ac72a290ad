import { instantOf } from './calculations.ts';
import type { NotificationKind } from './effects.ts';
import type { ProcessDefinition, TimerDefinition } from './model.ts';
import type { Role } from './roles.ts';

// What a state schedules when a case enters it: events the engine will send (deadlines) and
// notifications it will issue (a deadline approaching, a step overdue, an escalation). Pure: the
// case workflow turns each into a durable timer, cancelled when the case leaves the state.

export type Alarm =
  | { id: string; at: number; kind: 'event'; event: string; timerIndex: number }
  | { id: string; at: number; kind: 'notify'; notification: NotificationKind; roles: Role[]; deadline: number };

/** When a timer of the state fires: a duration after entering it, or the moment a field holds. */
export function timerMoment(
  timer: TimerDefinition,
  enteredAt: number,
  durationsMs: Record<string, number>,
  context: Record<string, unknown>,
): number | null {
  if (timer.at !== undefined) return instantOf(context[timer.at]);
  return enteredAt + (durationsMs[timer.after] ?? 0);
}

export function stateAlarms(
  definition: ProcessDefinition,
  state: string,
  enteredAt: number,
  durationsMs: Record<string, number>,
  context: Record<string, unknown> = {},
): Alarm[] {
  const stateDefinition = definition.states[state];
  if (!stateDefinition || stateDefinition.terminal) return [];
  const ms = (name: string | undefined) => (name ? (durationsMs[name] ?? 0) : 0);
  const alarms: Alarm[] = [];
  for (const [index, timer] of (stateDefinition.timers ?? []).entries()) {
    const at = timerMoment(timer, enteredAt, durationsMs, context);
    if (at === null) continue;
    alarms.push({ id: `evenement:${index}`, at, kind: 'event', event: timer.event, timerIndex: index });
    // A single warning keeps the id it always had: running cases remember which ones already rang.
    const warnings = typeof timer.warnBefore === 'string' ? [timer.warnBefore] : (timer.warnBefore ?? []);
    for (const [k, before] of warnings.entries()) {
      const warnAt = at - ms(before);
      if (!timer.warn?.length || warnAt <= enteredAt) continue;
      alarms.push({
        id: typeof timer.warnBefore === 'string' ? `avertissement:${index}` : `avertissement:${index}:${k}`,
        at: warnAt,
        kind: 'notify',
        notification: timer.warnWith ?? 'echeance_proche',
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
