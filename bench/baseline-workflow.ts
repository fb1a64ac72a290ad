import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

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
}

const { benchNoop } = proxyLocalActivities<BenchActivities>({ startToCloseTimeout: '15 seconds' });

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
