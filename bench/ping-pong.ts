import type { ProcessDefinition } from '../processes/model.ts';

// The benchmark's process: the smallest definition that still exercises the whole case workflow
// (validator, XState transition, state change with its search attribute, projection write).
// Two non-terminal states that an agent toggles between, and a way out so that cases end.
// No effects, no timers, no input: what is measured is the engine's own cost per transition.
// `bench.rester` stays in the same state (no search attribute to update): the breakdown uses it.
// Not in processes/registry.ts: it is deployed by the benchmark only.

export const pingPong = {
  id: 'bench-ping-pong',
  version: 1,
  title: 'Banc d’essai : ping-pong',
  description: 'Processus du banc d’essai (npm run bench) : bascule entre deux états, sans effet.',
  startRoles: ['agent_ipm'],
  initial: 'ping',
  states: {
    ping: {
      label: 'Ping',
      on: {
        'bench.basculer': { target: 'pong' },
        'bench.rester': { target: 'ping' },
        'bench.terminer': { target: 'fin' },
      },
    },
    pong: {
      label: 'Pong',
      on: {
        'bench.basculer': { target: 'ping' },
        'bench.rester': { target: 'pong' },
        'bench.terminer': { target: 'fin' },
      },
    },
    fin: { label: 'Terminé', terminal: true },
  },
  events: {
    'bench.basculer': { label: 'Basculer', roles: ['agent_ipm'] },
    'bench.rester': { label: 'Rester', roles: ['agent_ipm'] },
    'bench.terminer': { label: 'Terminer', roles: ['agent_ipm'] },
  },
} satisfies ProcessDefinition;
