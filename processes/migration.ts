import type { ProcessDefinition } from './model.ts';

// Moving a running case to another version of its process: what Temporal does not do by itself (a
// workflow keeps the code and, here, the definition it started with). An administrator names the
// target version and which state of the old version becomes which state of the new one; the move is
// checked first, and refused with every reason when it would lose something. Pure: the case
// workflow runs the same check in its update validator, against the case as it is at that instant.

/** Old state id → new state id. */
export type StateMapping = Record<string, string>;

export interface MigrationPlan {
  /** The state the case will be in. */
  target: string;
  /** Timers of the old state that already fired, as positions among the new state's timers. */
  firedTimers: number[];
}

export type MigrationCheck = { ok: true; plan: MigrationPlan } | { ok: false; problems: string[] };

/** Problems of the mapping itself, whatever the case: versions and states that must exist. */
export function mappingProblems(from: ProcessDefinition, to: ProcessDefinition, mapping: StateMapping): string[] {
  const problems: string[] = [];
  if (from.id !== to.id)
    problems.push(`La version cible appartient au processus « ${to.title} », pas à « ${from.title} ».`);
  if (from.version === to.version) problems.push(`Le dossier est déjà en version ${to.version}.`);
  for (const [old, next] of Object.entries(mapping)) {
    if (!Object.hasOwn(from.states, old))
      problems.push(`L’état « ${old} » n’existe pas dans la version ${from.version}.`);
    if (!Object.hasOwn(to.states, next))
      problems.push(`L’état « ${next} » n’existe pas dans la version ${to.version}.`);
  }
  return problems;
}

/**
 * Checks moving a case in `state` (whose timers at `firedTimers` positions already fired) from one
 * version to another: the mapping holds, the case's state is mapped, a closed case stays closed and
 * an open one open, and no timer still pending in the old state is lost — the new state must wait
 * for the same event (a deadline a party was told of cannot vanish with a version change).
 */
export function checkMigration(
  from: ProcessDefinition,
  to: ProcessDefinition,
  mapping: StateMapping,
  state: string,
  firedTimers: readonly number[] = [],
): MigrationCheck {
  const problems = mappingProblems(from, to, mapping);
  const target = mapping[state];
  const oldState = from.states[state];
  const label = oldState?.label ?? state;
  if (oldState?.terminal) problems.push(`Le dossier est clos (« ${label} ») : il ne change plus de version.`);
  if (target === undefined) {
    problems.push(`L’état actuel du dossier, « ${label} », n’a pas de correspondance dans la version ${to.version}.`);
    return { ok: false, problems };
  }
  const newState = to.states[target];
  if (!newState) return { ok: false, problems };
  if (newState.terminal && !oldState?.terminal)
    problems.push(`« ${label} » ne peut pas devenir un état final (« ${newState.label} ») : le dossier serait clos.`);
  const newTimers = newState.timers ?? [];
  const firedTimersAfter: number[] = [];
  for (const [index, timer] of (oldState?.timers ?? []).entries()) {
    const counterpart = newTimers.findIndex((t) => t.event === timer.event);
    if (firedTimers.includes(index)) {
      if (counterpart >= 0) firedTimersAfter.push(counterpart);
      continue;
    }
    if (counterpart < 0) {
      const event = from.events[timer.event]?.label ?? timer.event;
      problems.push(
        `La minuterie « ${event} » de l’état « ${label} » est en cours : l’état « ${newState.label} » de la ` +
          `version ${to.version} ne l’a pas, elle serait perdue.`,
      );
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, plan: { target, firedTimers: [...new Set(firedTimersAfter)].sort((a, b) => a - b) } };
}
