import type { IsoDuration } from './calendar.ts';
import type { NotificationKind } from './effects.ts';
import type { FieldSchema } from './fields.ts';
import type { RecordWrite } from './records.ts';
import type { Role } from './roles.ts';

/**
 * A process definition is data: it serialises to JSON, is hashed when deployed, and travels with each
 * case (a running case keeps the exact definition it started with). Identifiers are ASCII; labels are
 * the French words users see.
 */
export interface ProcessDefinition {
  id: string;
  version: number;
  title: string;
  description?: string;
  /** Roles that may open a case of this process. */
  startRoles: Role[];
  /** Fields of the data given when a case is opened. */
  startInput?: InputSchema;
  initial: string;
  /** Named durations with their defaults; configuration may shorten or lengthen them per deployment. */
  durations?: Record<string, DurationDefinition>;
  /** Settings of the catalogue (`processes/settings.ts`) that guards and calculations use. */
  settings?: string[];
  states: Record<string, StateDefinition>;
  events: Record<string, EventDefinition>;
  /**
   * Fields the engine computes with `set` (a list of milestones, a slippage), with their types and
   * labels: what screens show of them. Never a form: no one types them in.
   */
  computed?: InputSchema;
}

export interface DurationDefinition {
  label: string;
  default: IsoDuration;
}

export interface StateDefinition {
  label: string;
  /** A terminal state ends the case. */
  terminal?: boolean;
  /**
   * The roles whose work this step is: the case waits in their inbox. By default, every role that may
   * send an event here. `[]` for a state that waits for nobody though some may act — a licence in force,
   * which the director may suspend at any time, is no one's pending work.
   */
  waitsFor?: Role[];
  /** Name of a duration: the service level for this step (its due date). */
  targetDuration?: string;
  /** Who is reminded when the step overruns its target duration, and who is alerted if it still has not moved. */
  overdue?: OverdueDefinition;
  entry?: EffectCall[];
  on?: Record<string, TransitionDefinition | TransitionDefinition[]>;
  /** Durable timers armed on entering the state, cancelled on leaving it. */
  timers?: TimerDefinition[];
  /** While in the state, reminders for each item of a list the case holds (its milestones). */
  listDeadlines?: ListDeadlines[];
  /** While in the state, reminders for something due every month (a progress report). */
  monthlyDeadlines?: MonthlyDeadlines[];
}

/**
 * Who is told of something due, and when: warned `warnBefore` it is due, reminded when it is late,
 * then `escalateTo` is alerted `escalateAfter` later — each once in the life of the case, and none
 * once it is done. Warnings and reminders go to the person the case is assigned to, or, while nobody
 * is, to the holders of `remind`.
 */
export interface DeadlineReminders {
  /** How it is named in messages: « Jalon », « Rapport d’avancement ». */
  label: string;
  /** Duration names: how long before it is due the warnings go out. */
  warnBefore?: string | string[];
  remind: Role[];
  /** A duration name: how long after it is due `escalateTo` is alerted. */
  escalateAfter?: string;
  escalateTo?: Role[];
}

/**
 * One reminder set per item of the list field `list` (records with `key`, `due` — a date, meaning the
 * end of that day, or an instant — and `done`, filled once the item is done). A new due date is a new
 * deadline: its reminders go out again.
 */
export interface ListDeadlines extends DeadlineReminders {
  list: string;
  key: string;
  due: string;
  done: string;
  /** The item's field that names it in messages. */
  name?: string;
}

/**
 * Something due for each month from the month of the date field `from` on: the month's item of the
 * list `list` (whose `key` holds the month, `2026-11`), due by the end of day `day` (a setting) of the
 * following month. On entering the state, only the month last due and the later ones are reminded.
 */
export interface MonthlyDeadlines extends DeadlineReminders {
  from: string;
  day: string;
  list: string;
  key: string;
}

export interface TransitionDefinition {
  target: string;
  /** Taken only if the guard holds; alternatives are tried in order. */
  guard?: GuardCall;
  /** Data the engine computes and records with the transition (a date of grant, an end of validity). */
  set?: Record<string, CalculationCall>;
  /**
   * Values read outside the case (`processes/computations.ts`), each into a field declared in
   * `computed`: run once the input is valid, before the guard and `set`, which read them.
   */
  compute?: Record<string, ComputationCall>;
  /** Rows of the domain's records it writes (`processes/records.ts`), in the same statement as its projection. */
  records?: RecordWrite[];
  effects?: EffectCall[];
}

/**
 * A durable timer: `after` a named duration from entering the state, or `at` the date or instant a
 * field of the case holds (no timer while the field is empty). A date alone means the end of that day.
 */
export type TimerDefinition = ({ after: string; at?: undefined } | { at: string; after?: undefined }) & {
  /** Event sent by the engine when the timer fires; it must be an event only `systeme` may send. */
  event: string;
  /** Warns `warn` this long (duration names) before the timer fires: the party who must answer. */
  warnBefore?: string | string[];
  warn?: Role[];
  /** The message of the warning; by default `echeance_proche`. */
  warnWith?: NotificationKind;
};

export interface OverdueDefinition {
  /** Reminded when the step's target duration is reached (the assignee's role). */
  remind: Role[];
  /** A further duration (name) after which `escalateTo` (the manager) is alerted. */
  escalateAfter?: string;
  escalateTo?: Role[];
}

export interface EventDefinition {
  label: string;
  /** Who may send it. Timer events and events from linked cases list only `systeme`. */
  roles: Role[];
  input?: InputSchema;
  /**
   * `false`: the input is not merged into the case's data. The transition's `set` and `records` read
   * it, and it is gone after — a milestone's fields go into the list of milestones or a record row,
   * not into the case as scratch fields to blank afterwards. By default, the input is kept.
   */
  keepInput?: false;
  /** Sent by a linked case (its `transmettre` effect) rather than by a timer. */
  fromLinkedCase?: boolean;
  /** How a public page (the register of licensed IPMs) names the event once it happened; unset: not shown. */
  publicLabel?: string;
}

export type InputSchema = Record<string, FieldSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface GuardCall {
  name: string;
  params?: Record<string, JsonValue>;
}

export interface EffectCall {
  name: string;
  params?: Record<string, JsonValue>;
}

export interface CalculationCall {
  name: string;
  params?: Record<string, JsonValue>;
}

export interface ComputationCall {
  name: string;
  params?: Record<string, JsonValue>;
}

/** Normalises the single-or-list form of transitions. */
export const transitionsOf = (state: StateDefinition, event: string): TransitionDefinition[] => {
  const t = state.on?.[event];
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
};
