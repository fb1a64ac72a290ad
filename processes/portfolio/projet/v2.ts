import type { CalculationCall, ProcessDefinition, TransitionDefinition } from '../../model.ts';
import projetV1 from './v1.ts';

// Version 2 of the project: the same process, whose upkeep actions — add, replan or reach a milestone,
// tick an external condition, hear that a prerequisite is finished — no longer leave their input in
// the project's data. What they bring goes into the list it updates (`keepInput: false`), so version
// 1's blanking of those scratch fields afterwards (`vide`) is gone. Cases opened under version 1 keep
// it. Derived from version 1 rather than copied, so that the two cannot drift apart elsewhere.

/** The actions whose whole input version 1 blanked after use. */
const UPKEEP = ['jalon.ajouter', 'jalon.replanifier', 'jalon.atteindre', 'condition.remplir', 'prerequis.termine'];

const withoutBlanking = (t: TransitionDefinition): TransitionDefinition => {
  const set = Object.entries(t.set ?? {}).filter(([, call]: [string, CalculationCall]) => call.name !== 'vide');
  return { ...t, ...(t.set ? { set: Object.fromEntries(set) } : {}) };
};

const projetV2: ProcessDefinition = {
  ...projetV1,
  version: 2,
  states: Object.fromEntries(
    Object.entries(projetV1.states).map(([id, state]) => [
      id,
      {
        ...state,
        ...(state.on
          ? {
              on: Object.fromEntries(
                Object.entries(state.on).map(([event, t]) => [
                  event,
                  !UPKEEP.includes(event) ? t : Array.isArray(t) ? t.map(withoutBlanking) : withoutBlanking(t),
                ]),
              ),
            }
          : {}),
      },
    ]),
  ),
  events: Object.fromEntries(
    Object.entries(projetV1.events).map(([id, event]) => [
      id,
      UPKEEP.includes(id) ? { ...event, keepInput: false as const } : event,
    ]),
  ),
};

export default projetV2;
