import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { TransitionRecord } from './types.ts';

// Bundled only into the replay worker of `npm run projections:rebuild`, never into the product's
// worker. The projection write is a local activity, so its input is not in the history; replaying a
// case's history runs the workflow code again, which asks for the same writes: this interceptor hands
// each one out through a sink instead of letting it be lost with the replay.

export interface ProjectionCaptureSinks extends Sinks {
  projection: { transition(record: TransitionRecord): void };
}

const { projection } = proxySinks<ProjectionCaptureSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleLocalActivity(input, next) {
        if (input.activityType === 'recordTransition') projection.transition(input.args[0] as TransitionRecord);
        return next(input);
      },
    },
  ],
});
