import { type ProcessDefinition, type TimerDefinition, transitionsOf } from './model.ts';
import type { Role } from './roles.ts';

// A definition as a graph a screen can draw: its states and its transitions, with their French
// labels, who may take each transition, its guard and the timers. Pure data, derived from the
// definition alone.

export interface Statechart {
  initial: string;
  states: {
    id: string;
    label: string;
    terminal: boolean;
    /** Name and label of the step's service level, if it has one. */
    targetDuration: { name: string; label: string } | null;
  }[];
  transitions: {
    from: string;
    to: string;
    event: string;
    label: string;
    roles: Role[];
    /** The guard's name when the transition is conditional. */
    guard: string | null;
    /** What makes the engine itself send this event (a timer): a duration's name, or the date field it waits for. */
    timer: string | null;
  }[];
}

const timerOf = (timer: TimerDefinition | undefined): string | null => (timer ? (timer.after ?? timer.at) : null);

export function statechartOf(definition: ProcessDefinition): Statechart {
  const durationLabel = (name: string) => definition.durations?.[name]?.label ?? name;
  return {
    initial: definition.initial,
    states: Object.entries(definition.states).map(([id, state]) => ({
      id,
      label: state.label,
      terminal: state.terminal === true,
      targetDuration: state.targetDuration
        ? { name: state.targetDuration, label: durationLabel(state.targetDuration) }
        : null,
    })),
    transitions: Object.entries(definition.states).flatMap(([from, state]) =>
      Object.keys(state.on ?? {}).flatMap((event) =>
        transitionsOf(state, event).map((transition) => ({
          from,
          to: transition.target,
          event,
          label: definition.events[event]?.label ?? event,
          roles: definition.events[event]?.roles ?? [],
          guard: transition.guard?.name ?? null,
          timer: timerOf(state.timers?.find((t) => t.event === event)),
        })),
      ),
    ),
  };
}
