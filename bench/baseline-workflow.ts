import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Actor, TransitionRecord, TransitionResult } from '../workflows/types.ts';

// The benchmark's baseline: what an update costs in Temporal itself, with nothing of Siamo's —
// a counter, an update with a (trivial) validator, no activity, no search attribute.

/** Increments the counter and returns its new value. */
export const incrementerUpdate = defineUpdate<number>('incrementer');

/** Ends the workflow (with its count as result). */
export const terminerSignal = defineSignal('terminer');

export async function baselineWorkflow(): Promise<number> {
  let count = 0;
  let done = false;
  setHandler(incrementerUpdate, () => ++count, {
    // Present so that the baseline takes the same path as the case workflow (validate, then accept).
    validator: () => {
      if (done) throw new Error('Terminé');
    },
  });
  setHandler(terminerSignal, () => {
    done = true;
  });
  await condition(() => done);
  await condition(allHandlersFinished);
  return count;
}

// Breakdown only (BENCH_BREAKDOWN=1): the baseline plus one local activity that does nothing, awaited
// by the update as caseWorkflow awaits its projection — the cost of the local activity machinery alone.

export interface BenchActivities {
  benchNoop(): Promise<void>;
  /** The same one-statement projection write as a case transition, through the same `pg` pool. */
  benchProjection(record: TransitionRecord): Promise<void>;
}

const { benchNoop, benchProjection } = proxyLocalActivities<BenchActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '1 second', maximumAttempts: 4 },
});

export async function baselineLocalActivityWorkflow(): Promise<number> {
  let count = 0;
  let done = false;
  setHandler(
    incrementerUpdate,
    async () => {
      const value = ++count;
      await benchNoop();
      return value;
    },
    {
      validator: () => {
        if (done) throw new Error('Terminé');
      },
    },
  );
  setHandler(terminerSignal, () => {
    done = true;
  });
  await condition(() => done);
  await condition(allHandlersFinished);
  return count;
}

// The fair baseline (a+W): the counter update, taking the same request and giving an answer of the
// same size as a case transition, awaiting a local activity that writes the same projection row and
// audit entry through the same pool. What Siamo adds beyond it is the engine itself.

/** Increments the counter, writes it as a projection, answers like a transition. */
export const incrementerEcritUpdate = defineUpdate<TransitionResult, [{ event: string; actor: Actor }]>(
  'incrementerEcrit',
);

export async function baselineProjectionWorkflow(template: TransitionRecord): Promise<number> {
  let count = template.revision;
  let done = false;
  setHandler(
    incrementerEcritUpdate,
    async (request): Promise<TransitionResult> => {
      const revision = ++count;
      const state = revision % 2 === 0 ? 'pong' : 'ping';
      const at = Date.now();
      await benchProjection({
        ...template,
        revision,
        at,
        event: request.event,
        from: template.to,
        to: state,
        enteredAt: at,
      });
      return {
        caseId: template.caseId,
        processId: template.processId,
        version: template.version,
        state,
        stateLabel: state === 'ping' ? 'Ping' : 'Pong',
        terminal: false,
        revision,
        enteredAt: new Date(at).toISOString(),
        dueAt: null,
        availableEvents: AVAILABLE,
      };
    },
    {
      validator: (_request) => {
        if (done) throw new Error('Terminé');
      },
    },
  );
  setHandler(terminerSignal, () => {
    done = true;
  });
  await condition(() => done);
  await condition(allHandlersFinished);
  return count;
}

/** The events a ping-pong case offers its agent, as caseWorkflow lists them (same answer size). */
const AVAILABLE: TransitionResult['availableEvents'] = ['bench.basculer', 'bench.rester', 'bench.terminer'].map(
  (id) => ({
    id,
    label: id === 'bench.basculer' ? 'Basculer' : id === 'bench.rester' ? 'Rester' : 'Terminer',
    input: {} as TransitionResult['availableEvents'][number]['input'],
  }),
);
