import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';
import { testDataConverter } from './support/payload-keys.ts';

// A case's history as the server keeps it now — payloads encrypted — replays against the workflow
// code with the payload keys, and not without them: what `npm run histories:record` saves replays.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

describe('an encrypted case history', () => {
  it('replays with the payload keys, and only with them', async () => {
    const gerant = { id: 'u-gerant', role: 'gerant_ipm' as const };
    const { case: opened } = await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('ENC'),
      organisationId: 'ipm-a',
      actor: gerant,
      input: { denomination: 'IPM Chiffrée', typeIpm: 'interentreprises', effectif: 900 },
    });
    const pieces = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
    await sendEvent(h.ctx, { caseId: opened.caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces } });
    const history = await h.ctx.temporal.workflow.getHandle(opened.caseId).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(input?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');

    const bundle = { codePath: inject('workflowBundlePath') };
    await Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: testDataConverter() }, history);
    const without = await Worker.runReplayHistory({ workflowBundle: bundle }, history).catch((e: Error) => e);
    // Without them the worker cannot read the start input: the replay fails its first workflow task.
    expect(without).toMatchObject({ name: 'ReplayError' });
    expect((without as Error).message).toContain('workflow task failure');
  });
});
