import { type AnyStateMachine, assign, setup } from 'xstate';
import { EFFECTS } from './effects.ts';
import { GUARDS } from './guards.ts';
import { type EffectCall, type ProcessDefinition, transitionsOf } from './model.ts';

/** The event an XState machine compiled from a definition receives. */
export interface MachineEvent {
  type: string;
  input: Record<string, unknown>;
}

export type CaseContext = Record<string, unknown>;

/** The action that merges an event's input into the case's data. */
export const RECORD_INPUT = 'enregistrerSaisie';

const effectAction = (effect: EffectCall) => ({ type: effect.name, params: effect.params ?? {} });

/**
 * Compiles a definition to an XState v5 machine. Guards are the pure implementations of `guards.ts`;
 * effects compile to named actions that do nothing inside the machine: the machine only *reports*
 * them (pure `transition()`), and the case workflow runs them as activities.
 */
export function compileMachine(definition: ProcessDefinition): AnyStateMachine {
  const guards = Object.fromEntries(
    Object.entries(GUARDS).map(([name, guard]) => [
      name,
      ({ context, event }: { context: CaseContext; event: MachineEvent }, params: Record<string, never>) =>
        guard.holds({ context, input: event.input, params }),
    ]),
  );
  const effects = Object.fromEntries(Object.keys(EFFECTS).map((name) => [name, () => undefined]));
  const states = Object.fromEntries(
    Object.entries(definition.states).map(([id, state]) => [
      id,
      {
        ...(state.terminal ? { type: 'final' as const } : {}),
        entry: (state.entry ?? []).map(effectAction),
        on: Object.fromEntries(
          Object.keys(state.on ?? {}).map((event) => [
            event,
            transitionsOf(state, event).map((t) => ({
              target: t.target,
              ...(t.guard ? { guard: { type: t.guard.name, params: t.guard.params ?? {} } } : {}),
              actions: [RECORD_INPUT, ...(t.effects ?? []).map(effectAction)],
            })),
          ]),
        ),
      },
    ]),
  );
  return setup({
    types: {} as { context: CaseContext; events: MachineEvent; input: CaseContext },
    // biome-ignore lint/suspicious/noExplicitAny: guard and action names are data, checked by processes:check
    guards: guards as any,
    actions: {
      ...effects,
      [RECORD_INPUT]: assign(({ context, event }) => ({ ...context, ...event.input })),
      // biome-ignore lint/suspicious/noExplicitAny: see above
    } as any,
  }).createMachine({
    id: definition.id,
    initial: definition.initial,
    context: ({ input }) => input,
    // biome-ignore lint/suspicious/noExplicitAny: the states' shape comes from data
    states: states as any,
  });
}
