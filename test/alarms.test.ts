import { describe, expect, it } from 'vitest';
import { stateAlarms } from '../processes/alarms.ts';
import { checkDefinition } from '../processes/check.ts';
import agrementV2 from '../processes/licensing/agrement/v2.ts';
import type { ProcessDefinition } from '../processes/model.ts';

const S = 1000;
const durations = {
  examenRecevabilite: 10 * S,
  delaiComplements: 30 * S,
  instruction: 45 * S,
  delaiEscalade: 5 * S,
  preavisComplements: 8 * S,
};

describe('the alarms a state schedules', () => {
  it('reminds when a step overruns, then escalates', () => {
    expect(stateAlarms(agrementV2, 'soumis', 0, durations)).toEqual([
      {
        id: 'retard',
        at: 10 * S,
        kind: 'notify',
        notification: 'retard',
        roles: ['agent_ministere'],
        deadline: 10 * S,
      },
      {
        id: 'escalade',
        at: 15 * S,
        kind: 'notify',
        notification: 'escalade',
        roles: ['directeur_ministere'],
        deadline: 10 * S,
      },
    ]);
  });

  it('warns the party who must answer before a deadline, then sends the deadline’s event', () => {
    expect(stateAlarms(agrementV2, 'complements_demandes', 1000, durations)).toEqual([
      {
        id: 'avertissement:0',
        at: 23 * S,
        kind: 'notify',
        notification: 'echeance_proche',
        roles: ['gerant_ipm'],
        deadline: 31 * S,
      },
      { id: 'evenement:0', at: 31 * S, kind: 'event', event: 'delai.expirer', timerIndex: 0 },
    ]);
  });

  it('drops a warning that would fall before the state was even entered', () => {
    const short = { ...durations, delaiComplements: 5 * S };
    expect(stateAlarms(agrementV2, 'complements_demandes', 0, short).map((a) => a.id)).toEqual(['evenement:0']);
  });

  it('schedules nothing in a terminal state or a state without service level', () => {
    expect(stateAlarms(agrementV2, 'accorde', 0, durations)).toEqual([]);
    expect(stateAlarms(agrementV2, 'brouillon', 0, durations)).toEqual([]);
  });

  it('is checked: overdue needs a target duration, known durations and roles', () => {
    const broken = structuredClone(agrementV2) as ProcessDefinition;
    const brouillon = broken.states.brouillon;
    if (!brouillon) throw new Error('brouillon');
    brouillon.overdue = { remind: ['agent_ministre' as never], escalateAfter: 'jamais' };
    expect(checkDefinition(broken, 'v2.ts')).toEqual([
      'v2.ts [état brouillon] : overdue sans targetDuration : aucune échéance à dépasser',
      'v2.ts [état brouillon] : overdue : rôle inconnu « agent_ministre »',
      'v2.ts [état brouillon] : overdue : escalateAfter et escalateTo vont ensemble',
      'v2.ts [état brouillon] : overdue.escalateAfter : durée inconnue « jamais »',
    ]);
  });
});
