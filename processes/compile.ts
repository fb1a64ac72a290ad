import { type AnyStateMachine, assign, setup } from 'xstate';
import { ALL_CALCULATIONS, type CalculationImplementation } from './calculations.ts';
import { ALL_EFFECTS } from './effects.ts';
import { ALL_GUARDS } from './guards.ts';
import { type CalculationCall, type EffectCall, type ProcessDefinition, transitionsOf } from './model.ts';
import type { SettingValues } from './settings.ts';

/** The event an XState machine compiled from a definition receives. */
export interface MachineEvent {
  type: string;
  input: Record<string, unknown>;
  /** When the event happens (epoch ms, the workflow's clock): guards and calculations read it. */
  at: number;
}

export type CaseContext = Record<string, unknown>;

/** The action that merges an event's input into the case's data. */
export const RECORD_INPUT = 'enregistrerSaisie';

/** The action that records the values a transition computes (`set`). */
const CALCULATE = 'calculer';

/** The action that reports a transition's record writes: it does nothing in the machine, the engine reads it. */
export const WRITE_RECORDS = 'ecrireEnregistrements';

const effectAction = (effect: EffectCall) => ({ type: effect.name, params: effect.params ?? {} });

/** The values of a case fixed when it opened, that guards and calculations read. */
export interface MachineParameters {
  settings: SettingValues;
}

/**
 * Compiles a definition to an XState v5 machine. Guards and calculations are the pure
 * implementations of `guards.ts` and `calculations.ts`; effects compile to named actions that do
 * nothing inside the machine: the machine only *reports* them (pure `transition()`), and the case
 * workflow runs them as activities.
 */
export function compileMachine(
  definition: ProcessDefinition,
  parameters: MachineParameters = { settings: {} },
): AnyStateMachine {
  const { settings } = parameters;
  const guards = Object.fromEntries(
    Object.entries(ALL_GUARDS).map(([name, guard]) => [
      name,
      ({ context, event }: { context: CaseContext; event: MachineEvent }, params: Record<string, never>) =>
        guard.holds({ context, input: event.input, params, settings, now: event.at }),
    ]),
  );
  const piecesFields = piecesFieldsByEvent(definition);
  const kept = (event: string) => definition.events[event]?.keepInput !== false;
  const effects = Object.fromEntries(Object.keys(ALL_EFFECTS).map((name) => [name, () => undefined]));
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
              actions: [
                RECORD_INPUT,
                ...(t.set
                  ? [{ type: CALCULATE, params: kept(event) ? { set: t.set } : { set: t.set, transient: true } }]
                  : []),
                ...(t.records?.length ? [{ type: WRITE_RECORDS, params: { writes: t.records } }] : []),
                ...(t.effects ?? []).map(effectAction),
              ],
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
      // An input the case does not keep still makes a new context: XState tells a transition taken from
      // none by the snapshot changing, and a self-transition that keeps nothing would change nothing.
      [RECORD_INPUT]: assign(({ context, event }) =>
        kept(event.type) ? recordInput(context, event as MachineEvent, piecesFields.get(event.type)) : { ...context },
      ),
      // An input the case does not keep is read by the calculations, not merged into the data.
      [CALCULATE]: assign(({ context, event }, params: { set: Record<string, CalculationCall>; transient?: true }) => ({
        ...context,
        ...calculate(
          params.set,
          params.transient ? { ...context, ...(event as MachineEvent).input } : context,
          settings,
          event.at,
        ),
      })),
      [WRITE_RECORDS]: () => undefined,
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

/** An event's input over the case's data; a checklist of documents adds to the one already held. */
function recordInput(context: CaseContext, event: MachineEvent, pieces: readonly string[] = []): CaseContext {
  const next = { ...context, ...event.input };
  for (const name of pieces) {
    const held = context[name];
    if (held && typeof held === 'object' && !Array.isArray(held) && Object.hasOwn(event.input, name)) {
      next[name] = { ...held, ...(event.input[name] as object) };
    }
  }
  return next;
}

/** The values of a transition's `set`, each computed on the data as it stands after the input. */
export function calculate(
  set: Record<string, CalculationCall>,
  context: CaseContext,
  settings: SettingValues,
  now: number,
): CaseContext {
  const computed: CaseContext = {};
  for (const [field, call] of Object.entries(set)) {
    const calculation = ALL_CALCULATIONS[call.name] as CalculationImplementation;
    computed[field] = calculation.compute({
      context: { ...context, ...computed },
      params: call.params ?? {},
      settings,
      now,
    });
  }
  return computed;
}

function piecesFieldsByEvent(definition: ProcessDefinition): Map<string, string[]> {
  return new Map(
    Object.entries(definition.events).map(([id, event]) => [
      id,
      Object.entries(event.input ?? {})
        .filter(([, field]) => field.type === 'pieces')
        .map(([name]) => name),
    ]),
  );
}
