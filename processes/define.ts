import type { CALCULATIONS } from './calculations.ts';
import type { EFFECTS } from './effects.ts';
import type { FieldSchema } from './fields.ts';
import type { GUARDS } from './guards.ts';
import type { DurationDefinition, JsonValue, ProcessDefinition } from './model.ts';
import type { Role } from './roles.ts';
import type { SettingName } from './settings.ts';

// Definitions written in TypeScript are checked by the compiler, not only by `processes:check`: a
// transition to a state that does not exist, an event, a field or a duration name mistyped, a rule
// given parameters it does not take fail `tsc`. `defineProcess` takes the definition as it is and
// gives it back untouched — the same object, so the same JSON and the same deployed hash — typed
// against itself: its states, events, durations and fields are the names it declares, and each rule
// it names takes the parameters its catalogue says. JSON definitions (a file given to the checker)
// are checked by `processes/check.ts`, which stays the one complete check.

declare const FIELD: unique symbol;

/** In a rule's parameter types: the name of one of the calling definition's fields. */
export interface FieldName {
  readonly [FIELD]: true;
}

/** The marker a rule's implementation carries so that definitions calling it are typed (no runtime value). */
export interface Typed<P> {
  readonly __params?: P;
}

/** Declares the parameters a guard, a calculation, an effect or a computation takes: `typed<{ champ: FieldName }>()({ … })`. */
export const typed =
  <P>() =>
  <T>(implementation: T): T & Typed<P> =>
    implementation as T & Typed<P>;

type ParamsOf<R> =
  R extends Typed<infer P> ? (unknown extends P ? Record<string, JsonValue> : P) : Record<string, JsonValue>;

/** `P` with each FieldName replaced by the definition's own field names `F`. */
type WithFields<P, F extends string> = P extends FieldName
  ? F
  : P extends readonly (infer U)[]
    ? readonly WithFields<U, F>[]
    : P extends object
      ? { [K in keyof P]: WithFields<P[K], F> }
      : P;

type Names<T> = Extract<keyof T, string>;

type CallWith<Name extends string, P> =
  Record<never, never> extends P ? { name: Name; params?: P } : { name: Name; params: P };

/** A call of one of the catalogue's rules, its parameters typed: a union discriminated by `name`. */
export type RuleCall<Catalogue, F extends string> = {
  [N in Names<Catalogue>]: CallWith<N, WithFields<ParamsOf<Catalogue[N]>, F>>;
}[Names<Catalogue>];

/** A guard: one of the catalogue's, or `toutes` of several of them. */
export type GuardCallOf<G, F extends string> =
  | RuleCall<G, F>
  | { name: 'toutes'; params: { conditions: readonly RuleCall<G, F>[] } };

/** The rules a definition may name: the engine's, and those of its own domain. */
export interface Rules {
  guards: object;
  calculations: object;
  effects: object;
  /** The computations its transitions may call (`compute`); none unless its domain registers some. */
  computations?: object;
  /** The domain's kinds of record (`processes/records.ts`), for the transitions that write them. */
  records?: object;
}

type RecordKindsOf<R> = R extends { records: infer K } ? K : Record<never, never>;
type ColumnsOf<K> = K extends { columns: infer C } ? Names<C> : never;

/** A write of one of the domain's kinds of record: its columns are the kind's; their sources, fields of the input or of the list's items. */
type TypedRecordWrite<R, F extends string> = {
  [K in Names<RecordKindsOf<R>>]: {
    kind: K;
    each?: F;
    columns: { [C in ColumnsOf<RecordKindsOf<R>[K]>]?: string };
    values?: { [C in ColumnsOf<RecordKindsOf<R>[K]>]?: JsonValue };
  };
}[Names<RecordKindsOf<R>>];

export interface EngineRules {
  guards: typeof GUARDS;
  calculations: typeof CALCULATIONS;
  effects: typeof EFFECTS;
}

type OneOrMore<T> = T | readonly T[];

interface TypedTransition<S extends string, F extends string, R extends Rules> {
  target: S;
  guard?: GuardCallOf<R['guards'], NoInfer<F>>;
  /** Keys: fields the transition computes (declared in `computed` for screens); their rules' fields are checked. */
  set?: Record<string, RuleCall<R['calculations'], NoInfer<F>>>;
  /** Keys: fields of the definition (declared in `computed`), each filled by one of its domain's computations. */
  compute?: { [K in NoInfer<F>]?: RuleCall<NonNullable<R['computations']>, NoInfer<F>> };
  records?: readonly TypedRecordWrite<R, NoInfer<F>>[];
  effects?: readonly RuleCall<R['effects'], NoInfer<F>>[];
}

interface TypedReminders<D extends string> {
  label: string;
  warnBefore?: OneOrMore<D>;
  remind: readonly Role[];
  escalateAfter?: D;
  escalateTo?: readonly Role[];
}

type TypedTimer<E extends string, D extends string, F extends string> = (
  | { after: D; at?: undefined }
  | { at: F; after?: undefined }
) & {
  event: E;
  warnBefore?: OneOrMore<D>;
  warn?: readonly Role[];
  warnWith?: string;
};

interface TypedState<S extends string, E extends string, D extends string, F extends string, R extends Rules> {
  label: string;
  terminal?: boolean;
  waitsFor?: readonly Role[];
  targetDuration?: D;
  overdue?: { remind: readonly Role[]; escalateAfter?: D; escalateTo?: readonly Role[] };
  entry?: readonly RuleCall<R['effects'], NoInfer<F>>[];
  on?: { [X in E]?: OneOrMore<TypedTransition<S, F, R>> };
  timers?: readonly TypedTimer<E, D, NoInfer<F>>[];
  listDeadlines?: readonly (TypedReminders<D> & {
    list: NoInfer<F>;
    key: string;
    due: string;
    done: string;
    name?: string;
  })[];
  monthlyDeadlines?: readonly (TypedReminders<D> & {
    from: NoInfer<F>;
    day: SettingName;
    list: NoInfer<F>;
    key: string;
  })[];
}

type Input<F extends string> = { [K in F]?: FieldSchema };

/**
 * A definition typed against itself. `S`, `E`, `D` are inferred from the keys of `states`, `events` and
 * `durations`; `F`, its fields, from the keys of `startInput`, `computed` and the events' inputs.
 * Everywhere else those names are only checked (`NoInfer`), so a mistyped one is an error where it is
 * written.
 */
export interface TypedDefinition<
  S extends string,
  E extends string,
  D extends string,
  F extends string,
  R extends Rules = EngineRules,
> {
  id: string;
  version: number;
  title: string;
  description?: string;
  startRoles: readonly Role[];
  startInput?: Input<F>;
  initial: NoInfer<S>;
  durations?: { [K in D]: DurationDefinition };
  settings?: readonly SettingName[];
  states: { [K in S]: TypedState<NoInfer<S>, NoInfer<E>, NoInfer<D>, F, R> };
  events: {
    [K in E]: {
      label: string;
      roles: readonly Role[];
      input?: Input<F>;
      keepInput?: false;
      fromLinkedCase?: boolean;
      publicLabel?: string;
    };
  };
  computed?: Input<F>;
}

/** `defineProcess` for a domain's own rules besides the engine's: `const defineProcess = processDefiner<MyRules>()`. */
export const processDefiner =
  <R extends Rules = EngineRules>() =>
  <S extends string, E extends string, D extends string = never, F extends string = never>(
    definition: TypedDefinition<S, E, D, F, R>,
  ): ProcessDefinition =>
    definition as unknown as ProcessDefinition;

/** A definition that names the engine's rules only. */
export const defineProcess = processDefiner<EngineRules>();
