import type { FieldSchema } from './fields.ts';
import type { ComputationCall, JsonValue } from './model.ts';

// Computed steps: a transition may call a named computation that reads outside the case — a tariff in
// force on the date of care, a member's rights at a date — and whose answer enters the case. Unlike a
// guard or a calculation it does I/O, so it cannot run in workflow code: the case workflow runs the
// transition's computations in one local activity, whose answer Temporal records in the history (a
// replay reads it instead of asking again). This file is the pure half a domain registers
// (`DomainModule.computations`): what a definition may name and how its parameters are checked. The
// implementation that reads the data is the domain's server half (`DomainServices.computations`).

export interface ComputationSpec {
  /** What it gives, in French, for the process checker and the documentation. */
  description: string;
  /** A reason when the parameters are wrong, checked by `processes:check`. */
  checkParams(params: Record<string, JsonValue>): string | undefined;
  /** The type of what it gives: the definition declares the field it fills in `computed`, with this type. */
  returns: FieldSchema['type'];
}

/** Which data a computation used: the referential, its version, and the business date it was read at. */
export interface ComputationSource {
  referential?: string;
  version?: string | number;
  /** The business date (AAAA-MM-JJ) or instant the data was taken as of. */
  asOf?: string;
}

/** What one computation gave for a field, as the history and the audit entry keep it. */
export interface ComputedValue {
  computation: string;
  value: JsonValue;
  source?: ComputationSource;
}

/** What the case workflow asks its `runComputations` activity: a transition's computations, in order. */
export interface ComputationRequest {
  caseId: string;
  processId: string;
  organisationId: string | null;
  event: string;
  calls: Record<string, ComputationCall>;
  /** The case's data before the event. */
  context: Record<string, unknown>;
  /** The event's input, already validated. */
  input: Record<string, unknown>;
  /** When the event happens (epoch ms, the workflow's clock). */
  at: number;
}

/**
 * The activity's answer: every value, or the first business refusal (French: what is missing and what
 * to do) — a refusal is an answer, recorded like the values, never retried.
 */
export type ComputationOutcome =
  | { ok: true; values: Record<string, ComputedValue> }
  | { ok: false; field: string; computation: string; refusal: string };

/** Every computation a definition may name: the engine has none of its own; domains bring theirs. */
export const ALL_COMPUTATIONS: Record<string, ComputationSpec> = {};

export const isComputationName = (name: string): boolean => Object.hasOwn(ALL_COMPUTATIONS, name);
