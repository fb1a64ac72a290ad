import { allHandlersFinished, condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

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
