import { type AnyMachineSnapshot, type AnyStateMachine, initialTransition, transition } from 'xstate';
import {
  type CaseContext,
  compileMachine,
  type MachineEvent,
  type MachineParameters,
  WRITE_RECORDS,
} from './compile.ts';
// The product's domains are in the catalogues wherever the engine runs, the workflow bundle included.
import './domains.ts';
import { type FieldErrors, type InputRules, validateInput } from './fields.ts';
import { ALL_GUARDS, type GuardArgs } from './guards.ts';
import {
  type ComputationCall,
  type EffectCall,
  type EventDefinition,
  type InputSchema,
  type JsonValue,
  type ProcessDefinition,
  type StateDefinition,
  transitionsOf,
} from './model.ts';
import { type RecordRows, type RecordWrite, rowsOf } from './records.ts';
import { ROLES, type Role } from './roles.ts';

// The pure rules of a case: what may happen now, for whom, with what input, and what follows.
// The case workflow asks this module; so do the tests, without Temporal.

export interface CaseState {
  state: string;
  context: CaseContext;
}

export type RefusalCode = 'evenement_inconnu' | 'non_autorise' | 'saisie_invalide' | 'condition_non_remplie';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  fieldErrors?: FieldErrors;
}

export interface Accepted {
  ok: true;
  next: CaseState;
  /** Effects of the transition, then of the entered state, in order. */
  effects: EffectCall[];
  /** Rows of the domain's records the transition writes, by kind; empty for most. */
  records: RecordRows[];
}

export interface AvailableEvent {
  id: string;
  label: string;
  input: InputSchema;
}

export interface EventRequest {
  event: string;
  role: Role;
  input: Record<string, unknown>;
  /** When the event happens (epoch ms): the workflow's clock. Guards and calculations read it. */
  at?: number;
}

type Action = { type: string; params?: unknown };

const effectsOf = (actions: Action[]): EffectCall[] =>
  actions
    .filter((a) => a.type !== WRITE_RECORDS)
    .map((a) => ({ name: a.type, params: (a.params ?? {}) as EffectCall['params'] }));

const recordWritesOf = (actions: Action[]): RecordWrite[] =>
  actions.flatMap((a) => (a.type === WRITE_RECORDS ? (a.params as { writes: RecordWrite[] }).writes : []));

export class ProcessEngine {
  readonly machine: AnyStateMachine;

  /**
   * `parameters` are the case's own values (its settings), fixed when it opened; an engine without
   * them can still list and label, but guards and calculations that read a setting need them.
   * `inputRules` is `legacy` only for the workflow runs that began before the plausibility rules.
   */
  constructor(
    readonly definition: ProcessDefinition,
    private readonly parameters: MachineParameters = { settings: {} },
    private readonly inputRules: InputRules = 'strict',
  ) {
    this.machine = compileMachine(definition, parameters);
  }

  stateLabel(state: string): string {
    return this.definition.states[state]?.label ?? state;
  }

  isTerminal(state: string): boolean {
    return this.definition.states[state]?.terminal === true;
  }

  /** Checks the data a case is opened with, and gives its first state and that state's effects. */
  open(role: Role, input: Record<string, unknown>): Accepted | Refusal {
    const { definition } = this;
    if (!definition.startRoles.includes(role)) {
      return refuse(
        'non_autorise',
        `Le rôle « ${ROLES[role]} » ne peut pas ouvrir un dossier « ${definition.title} ».`,
      );
    }
    const fieldErrors = validateInput(definition.startInput, input, this.inputRules);
    if (Object.keys(fieldErrors).length > 0)
      return invalidInput(`l’ouverture du dossier « ${definition.title} »`, fieldErrors);
    const [snapshot, actions] = initialTransition(this.machine, input);
    return { ok: true, next: toState(snapshot), effects: effectsOf(actions), records: [] };
  }

  /**
   * The computations the event's transitions from `state` call (`compute`), in order; undefined when
   * they call none. A field two alternatives compute is computed once (the checker makes them agree).
   */
  computationsFor(state: string, event: string): Record<string, ComputationCall> | undefined {
    const stateDefinition = this.definition.states[state];
    const candidates = stateDefinition ? transitionsOf(stateDefinition, event) : [];
    const calls = Object.assign({}, ...candidates.map((t) => t.compute ?? {})) as Record<string, ComputationCall>;
    return Object.keys(calls).length > 0 ? calls : undefined;
  }

  /**
   * What can be decided before any computation: the event exists, is possible in this state, for this
   * role, with valid input. Undefined when it passes.
   */
  check(current: CaseState, request: EventRequest): Refusal | undefined {
    const { definition } = this;
    const event = definition.events[request.event];
    const stateLabel = this.stateLabel(current.state);
    if (!event) {
      return refuse(
        'evenement_inconnu',
        `L’action « ${request.event} » n’existe pas dans le processus « ${definition.title} » (version ${definition.version}).`,
      );
    }
    const state = definition.states[current.state];
    const candidates = state ? transitionsOf(state, request.event) : [];
    if (candidates.length === 0) {
      return refuse(
        'non_autorise',
        `L’action « ${event.label} » n’est pas possible dans l’état « ${stateLabel} » (rôle « ${ROLES[request.role]} »).`,
      );
    }
    if (!event.roles.includes(request.role)) {
      return refuse(
        'non_autorise',
        `Le rôle « ${ROLES[request.role]} » ne peut pas faire l’action « ${event.label} » dans l’état « ${stateLabel} ».`,
      );
    }
    const fieldErrors = validateInput(event.input, request.input, this.inputRules);
    if (Object.keys(fieldErrors).length > 0) return invalidInput(`l’action « ${event.label} »`, fieldErrors);
    return undefined;
  }

  /**
   * Decides an event: refused with a French reason naming the state, the event and the role, or
   * accepted. `computed` holds the values of the transitions' computations (`computationsFor`), which
   * the caller ran: they enter the case with the input, so the guard and `set` read them.
   */
  decide(current: CaseState, request: EventRequest, computed?: Record<string, JsonValue>): Accepted | Refusal {
    const { definition } = this;
    const early = this.check(current, request);
    if (early) return early;
    const event = definition.events[request.event] as EventDefinition;
    const stateLabel = this.stateLabel(current.state);
    const candidates = transitionsOf(definition.states[current.state] as StateDefinition, request.event);
    const calls = this.computationsFor(current.state, request.event);
    if (calls && Object.keys(calls).some((field) => !Object.hasOwn(computed ?? {}, field))) {
      return refuse(
        'condition_non_remplie',
        `L’action « ${event.label} » demande des données calculées qui n’ont pas été obtenues : recommencez.`,
      );
    }
    const input = calls ? { ...request.input, ...pick(computed ?? {}, Object.keys(calls)) } : request.input;

    const snapshot = this.machine.resolveState({ value: current.state, context: current.context });
    const at = request.at ?? 0;
    const machineEvent: MachineEvent = { type: request.event, input, at };
    const [next, actions] = transition(this.machine, snapshot, machineEvent);
    if (next === snapshot) {
      const computedFields = calls ? pick(definition.computed ?? {}, Object.keys(calls)) : {};
      const fields = { ...definition.startInput, ...this.eventFields(), ...event.input, ...computedFields };
      const labelOf = (field: string, value: string) => {
        const schema = fields[field];
        const options =
          'options' in (schema ?? {}) ? (schema as { options: { value: string; label: string }[] }).options : [];
        return options.find((o) => o.value === value)?.label ?? value;
      };
      const fieldLabel = (field: string) => fields[field]?.label ?? field;
      const args: GuardArgs = {
        context: current.context,
        input,
        params: {},
        settings: this.parameters.settings,
        now: at,
        labelOf,
        fieldLabel,
      };
      const reasons = candidates
        .map((t) => t.guard)
        .flatMap((g) => {
          const guard = g ? ALL_GUARDS[g.name] : undefined;
          return guard && g ? [guard.refusal({ ...args, params: g.params ?? {} })] : [];
        });
      return refuse(
        'condition_non_remplie',
        `L’action « ${event.label} » n’est pas possible dans l’état « ${stateLabel} » : ${reasons.join(' ') || 'condition non remplie.'}`,
      );
    }
    const writes = recordWritesOf(actions);
    if (writes.length === 0) return { ok: true, next: toState(next), effects: effectsOf(actions), records: [] };
    // Computed values are part of what the rows read, like the input.
    const rows = rowsOf(writes, input, next.context as CaseContext);
    if (!rows.ok)
      return refuse('saisie_invalide', `Saisie invalide pour l’action « ${event.label} » : ${rows.message}`);
    return { ok: true, next: toState(next), effects: effectsOf(actions), records: rows.records };
  }

  /** Every field of every event's form, so that a refusal can name a field held since an earlier step. */
  private eventFields(): InputSchema {
    return Object.assign({}, ...Object.values(this.definition.events).map((e) => e.input ?? {}));
  }

  /** Whether a case in `state` waits for `role`'s work (its inbox), by `waitsFor` or by the events it may send. */
  waitsFor(state: string, role: Role): boolean {
    const stateDefinition = this.definition.states[state];
    if (!stateDefinition || stateDefinition.terminal) return false;
    return stateDefinition.waitsFor
      ? stateDefinition.waitsFor.includes(role)
      : this.availableEvents(state, role).length > 0;
  }

  /** The events `role` may send in `state`, with their input schemas (guards are checked on sending). */
  availableEvents(state: string, role: Role): AvailableEvent[] {
    const stateDefinition = this.definition.states[state];
    if (!stateDefinition?.on) return [];
    return Object.keys(stateDefinition.on)
      .filter((id) => this.definition.events[id]?.roles.includes(role))
      .map((id) => {
        const event = this.definition.events[id];
        return { id, label: event?.label ?? id, input: event?.input ?? {} };
      });
  }
}

const toState = (snapshot: AnyMachineSnapshot): CaseState => ({
  state: String(snapshot.value),
  context: snapshot.context as CaseContext,
});

const pick = <T>(record: Record<string, T>, keys: string[]): Record<string, T> =>
  Object.fromEntries(keys.filter((k) => Object.hasOwn(record, k)).map((k) => [k, record[k] as T]));

const refuse = (code: RefusalCode, message: string): Refusal => ({ ok: false, code, message });

const invalidInput = (what: string, fieldErrors: FieldErrors): Refusal => {
  const count = Object.keys(fieldErrors).length;
  return {
    ok: false,
    code: 'saisie_invalide',
    message: `Saisie invalide pour ${what} : ${count} champ${count > 1 ? 's' : ''} à corriger.`,
    fieldErrors,
  };
};
