import type { WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import { temporal } from '@temporalio/proto';

// What Temporal itself says about a case's workflow, so that a test waits for a known point instead
// of sleeping, and proves that something will not happen (its timer cancelled) instead of hoping.

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface Timer {
  startedEventId: number;
  /** When it fires (or would have), on the workflow's clock: its task's time plus its duration. */
  firesAt: number;
  outcome: 'pending' | 'fired' | 'canceled';
}

/** The timers of the workflow's current run, oldest first. */
export async function timersOf(handle: WorkflowHandle): Promise<Timer[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const ended = new Map<number, Timer['outcome']>();
  for (const e of events) {
    if (e.timerFiredEventAttributes) ended.set(Number(e.timerFiredEventAttributes.startedEventId), 'fired');
    if (e.timerCanceledEventAttributes) ended.set(Number(e.timerCanceledEventAttributes.startedEventId), 'canceled');
  }
  let taskTime = 0;
  const timers: Timer[] = [];
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) taskTime = tsToMs(e.eventTime);
    if (e.timerStartedEventAttributes) {
      const startedEventId = Number(e.eventId);
      timers.push({
        startedEventId,
        firesAt: taskTime + tsToMs(e.timerStartedEventAttributes.startToFireTimeout),
        outcome: ended.get(startedEventId) ?? 'pending',
      });
    }
  }
  return timers;
}

/**
 * True once the workflow has caught up: no activity running or waiting, no workflow task to run. A
 * timer may still be pending; what has fired so far has been acted on.
 */
export async function settled(handle: WorkflowHandle): Promise<boolean> {
  const { raw } = await handle.describe();
  return (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
}

/** The events of the current run, for assertions on what Temporal recorded. */
export async function eventsOf(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}
