import type { CaseContext } from '../processes/compile.ts';
import type { ComputedValue } from '../processes/computations.ts';
import type { AvailableEvent, RefusalCode } from '../processes/engine.ts';
import type { FieldErrors } from '../processes/fields.ts';
import type { StateMapping } from '../processes/migration.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import type { RecordRows } from '../processes/records.ts';
import type { Role } from '../processes/roles.ts';
import type { SettingValues } from '../processes/settings.ts';

// The contract between callers (API, tests, benchmark), the case workflow and its activities.
// Everything here is plain data: it crosses Temporal's payload converter.

export interface Actor {
  /** An opaque user id, never a name or a NIN: it is written to the audit trail and the history. */
  id: string;
  role: Role;
}

/** Values fixed when a case opens and kept for its whole life, so that a change of configuration
 * does not change a running case's deadlines behind its back. */
export interface CaseParameters {
  /** Each named duration of the definition, in milliseconds, after configuration overrides. */
  durationsMs: Record<string, number>;
  /** Continue-as-new after this many transitions in one run (Temporal also caps updates per run). */
  transitionsPerRun: number;
  /** The settings the definition uses (thresholds, validity periods); absent for cases opened before settings. */
  settings?: SettingValues;
}

export interface CaseWorkflowInput {
  definition: ProcessDefinition;
  businessKey: string;
  organisationId: string | null;
  openedBy: Actor;
  input: CaseContext;
  parameters: CaseParameters;
  /** Unique per call that opened the case: tells that caller it created the case rather than found it. */
  openRequestId: string;
  /** The case that opened this one (a licence's application, a renewal's licence), if any. */
  parentCaseId?: string;
  /** Present when a run continues a previous one (continue-as-new). */
  carried?: CarriedState;
}

export interface CarriedState {
  state: string;
  context: CaseContext;
  revision: number;
  /** Epoch ms when the current state was entered: timers count from it, across runs. */
  enteredAt: number;
  openedAt: number;
  /** Timers of the current state that already fired (by position), so none fires twice. */
  firedTimers: number[];
  /** Notification alarms of the current state that already rang (reminder, escalation, warning). */
  firedAlarms?: string[];
  /** Effects whose activities had not completed: run again (they are idempotent) by the next run. */
  pendingEffects: EffectRequest[];
  /** The recent requests' ids and what they did (bounded): a request sent again in a later run lands once. */
  recentRequests?: RecentRequest[];
}

/**
 * A request the case took, by its id (the update id), with what it did: enough to answer it again.
 * Temporal deduplicates an update id within one run; these cross continue-as-new.
 */
export interface RecentRequest {
  id: string;
  revision: number;
  state: string;
  enteredAt: number;
  dueAt: number | null;
  /** Epoch ms when it was taken: requests older than the retention are forgotten at continue-as-new. */
  at: number;
}

export interface OpenedCase {
  view: CaseView;
  openRequestId: string;
}

export interface SendEventRequest {
  event: string;
  input?: Record<string, unknown>;
  actor: Actor;
  /** When given, the event is refused with `conflit` if the case has moved on since the caller read it. */
  expectedRevision?: number;
}

/** An event a linked case sends (its `transmettre` effect): taken under the `systeme` role. */
export interface LinkedEventRequest {
  event: string;
  input: Record<string, unknown>;
  /** The case that sends it: recorded as the actor of the transition. */
  fromCaseId: string;
}

/** Moves a running case to another version of its process (an administrator's decision). */
export interface MigrateRequest {
  definition: ProcessDefinition;
  /** The new version's parameters: durations and settings the case already had keep their values. */
  parameters: CaseParameters;
  mapping: StateMapping;
  actor: Actor;
}

export interface CaseView {
  caseId: string;
  processId: string;
  version: number;
  businessKey: string;
  organisationId: string | null;
  state: string;
  stateLabel: string;
  terminal: boolean;
  context: CaseContext;
  revision: number;
  enteredAt: string;
  dueAt: string | null;
  /** The events the asking role may send now, with their input schemas. */
  availableEvents: AvailableEvent[];
}

/**
 * What an event's update answers: the outcome of the transition, not the case's data — callers read
 * that from PostgreSQL, which already shows the transition when the answer arrives.
 */
export interface TransitionResult {
  caseId: string;
  processId: string;
  version: number;
  state: string;
  stateLabel: string;
  terminal: boolean;
  revision: number;
  enteredAt: string;
  dueAt: string | null;
  /** The events the asking role may send now, with their input schemas. */
  availableEvents: AvailableEvent[];
  /**
   * Effects of this transition still running when the answer was given (their results, a document or
   * a linked case, are not in the database yet). Awaited effects are waited for a bounded time first.
   */
  pendingEffects?: string[];
  /** True when this answers a request id the case had already taken: nothing was applied again. */
  repeated?: boolean;
}

/** Refusals carry their code as the failure type; `conflit` is the optimistic-concurrency refusal. */
export type CaseErrorCode = RefusalCode | 'conflit';

export interface RefusalDetails {
  fieldErrors?: FieldErrors;
}

/** One transition as the projection activity writes it: the case row and its audit entry, together. */
export interface TransitionRecord {
  caseId: string;
  processId: string;
  version: number;
  businessKey: string;
  organisationId: string | null;
  openedBy: string;
  openedAt: number;
  revision: number;
  at: number;
  actor: Actor;
  event: string;
  from: string | null;
  to: string;
  input: Record<string, unknown>;
  context: CaseContext;
  terminal: boolean;
  enteredAt: number;
  dueAt: number | null;
  parentCaseId: string | null;
  /** The request (update id) that made this transition, when a caller sent it: a closed case answers a retry from it. */
  requestId?: string | null;
  /** What the transition's computed steps gave, by field, with their sources: kept in its audit entry. */
  computed?: Record<string, ComputedValue>;
  /**
   * The history length of the workflow task that took the transition: a fencing token. A task that
   * wrote its projection and died before Temporal recorded it is followed by a later task (a greater
   * length) whose write of the same revision replaces the first; a late write of the dead one is ignored.
   */
  fence?: number;
  /** Rows of the domain's records the transition writes, by kind: written in the projection's statement. */
  records?: RecordRows[];
}

export interface EffectRequest {
  caseId: string;
  revision: number;
  /** Position of the effect among those of its transition: part of its idempotency key. */
  index: number;
  name: string;
  params: Record<string, unknown>;
  organisationId: string | null;
}
