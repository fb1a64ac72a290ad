import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { createCaseWorker } from '../runtime/worker.ts';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { caseViewQuery } from '../workflows/messages.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, type Harness, NO_MAIL, uniqueKey } from './support/harness.ts';

const gerant: Actor = { id: 'u-gerant-1', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent-1', role: 'agent_ministere' };
const directeur: Actor = { id: 'u-dir-1', role: 'directeur_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM Durable', typeIpm: 'interentreprises', effectif: 800 };
const complements = { complementsDemandes: 'Joindre les statuts signés.' };

const { EventType } = temporal.api.enums.v1;
const UpdateStage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

const auditTrail = async (h: Harness, caseId: string) =>
  (await h.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map(
    (a) => `${a.revision}:${a.event}`,
  );

describe('a worker stopped in the middle of a case', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ durationOverrides: { 'agrement.delaiComplements': 'PT2S' } });
  });
  afterAll(() => h?.close());

  it('is replaced by another: the case goes on, with no lost and no doubled transition', async () => {
    const { case: opened } = await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey(),
      organisationId: 'ipm-a',
      actor: gerant,
      input: application,
    });
    const caseId = opened.caseId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });

    await h.stopWorker();
    // Sent while no worker runs: it waits in Temporal, and is neither lost nor applied twice.
    const pending = sendEvent(h.ctx, {
      caseId,
      event: 'recevabilite.valider',
      actor: agent,
      requestId: `${caseId}-valider`,
    });
    // Once Temporal says it holds the update, its not being applied is the missing worker's doing.
    await expect
      .poll(() => updateStage(h.ctx.temporal, caseId, `${caseId}-valider`), { timeout: 30_000 })
      .toBe('ADMITTED');
    expect((await getCase(h.ctx, caseId, 'agent_ministere'))?.state).toBe('soumis');

    await h.startWorker();
    expect((await pending).state).toBe('en_instruction');
    // The same request again (a client retrying after a dropped connection) lands once.
    await sendEvent(h.ctx, { caseId, event: 'recevabilite.valider', actor: agent, requestId: `${caseId}-valider` });
    await sendEvent(h.ctx, {
      caseId,
      event: 'decision.refuser',
      actor: directeur,
      input: { motifRefus: 'Projections financières insuffisantes.' },
    });

    expect(await auditTrail(h, caseId)).toEqual([
      '1:dossier.ouvrir',
      '2:dossier.soumettre',
      '3:recevabilite.valider',
      '4:decision.refuser',
    ]);
  });

  it('does not lose a deadline that falls while no worker runs', async () => {
    const { case: opened } = await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey(),
      organisationId: 'ipm-a',
      actor: gerant,
      input: application,
    });
    const caseId = opened.caseId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    await sendEvent(h.ctx, { caseId, event: 'recevabilite.demanderComplements', actor: agent, input: complements });
    await h.stopWorker();
    // The deadline's timer fires on the server, with no worker to act on it.
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    // The deadline's timer, not the bounded wait of the answer for its awaited effect (the letter, 30 s).
    const timer = lastOf(
      await handle.fetchHistory(),
      EventType.EVENT_TYPE_TIMER_STARTED,
      (e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds) !== 30,
    );
    await expect
      .poll(
        async () =>
          (await handle.fetchHistory()).events?.some(
            (e) => Number(e.timerFiredEventAttributes?.startedEventId) === Number(timer.eventId),
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    expect((await getCase(h.ctx, caseId, 'gerant_ipm'))?.state).toBe('complements_demandes');
    await h.startWorker();
    await expect
      .poll(async () => (await getCase(h.ctx, caseId, 'gerant_ipm'))?.state, { timeout: 15_000 })
      .toBe('classe_sans_suite');
    expect((await auditTrail(h, caseId)).at(-1)).toBe('4:delai.expirer');
  });
});

describe('long cases', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ durationOverrides: { 'agrement.delaiComplements': 'PT4S' }, transitionsPerRun: 3 });
  });
  afterAll(() => h?.close());

  it('continue as new without losing their state, their history of transitions or a pending timer', async () => {
    const { case: opened } = await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey(),
      organisationId: 'ipm-a',
      actor: gerant,
      input: application,
    });
    const caseId = opened.caseId;
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    const firstRunId = (await handle.describe()).runId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    // Three transitions a run: the third request for complements (revision 7) ends a run, so the next
    // one begins with that state's deadline pending.
    for (let round = 0; round < 2; round++) {
      await sendEvent(h.ctx, { caseId, event: 'recevabilite.demanderComplements', actor: agent, input: complements });
      await sendEvent(h.ctx, {
        caseId,
        event: 'complements.repondre',
        actor: gerant,
        input: { reponseComplements: `Réponse ${round}` },
      });
    }
    const asked = await sendEvent(h.ctx, {
      caseId,
      event: 'recevabilite.demanderComplements',
      actor: agent,
      input: complements,
    });
    expect(asked.revision).toBe(7);

    // Wait for a run begun after the last transition, holding the deadline's timer.
    const timerStarted = async () => {
      const current = await handle.describe();
      if (current.runId === firstRunId || current.startTime.getTime() < Date.parse(asked.enteredAt)) return null;
      const history = await handle.fetchHistory();
      return history.events?.some((e) => e.timerStartedEventAttributes) ? history : null;
    };
    await expect.poll(timerStarted, { timeout: 30_000 }).not.toBeNull();
    const history = (await timerStarted()) as History;
    const runs = await listRuns(h.ctx.temporal, caseId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.filter((r) => r.status !== 'CONTINUED_AS_NEW')).toHaveLength(1);
    expect(runs.find((r) => r.runId === firstRunId)?.status).toBe('CONTINUED_AS_NEW');
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId).toBe(firstRunId);

    // The deadline counts from when the state was entered, not from when the new run began: the new
    // run's timer is for what remains of the 4 s, to the millisecond of the workflow's clock.
    const timer = lastOf(history, EventType.EVENT_TYPE_TIMER_STARTED);
    const taskStarted = history.events
      ?.filter(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED && Number(e.eventId) < Number(timer.eventId),
      )
      .at(-1);
    const workflowNow = tsToMs(taskStarted?.eventTime);
    const fires = workflowNow + tsToMs(timer.timerStartedEventAttributes?.startToFireTimeout);
    expect(workflowNow).toBeGreaterThan(Date.parse(asked.enteredAt));
    expect(Math.abs(fires - (Date.parse(asked.enteredAt) + 4000))).toBeLessThanOrEqual(1);
    // The new run carries the state: before the deadline, as it was; after it, one step further.
    const query = await handle.query(caseViewQuery, 'gerant_ipm');
    expect(query.context).toMatchObject({ reponseComplements: 'Réponse 1' });
    expect([
      ['complements_demandes', 7],
      ['classe_sans_suite', 8],
    ]).toContainEqual([query.state, query.revision]);

    await expect
      .poll(async () => (await getCase(h.ctx, caseId, 'gerant_ipm'))?.state, { timeout: 15_000 })
      .toBe('classe_sans_suite');
    const expiry = await h.prisma.auditEntry.findFirstOrThrow({ where: { caseId, event: 'delai.expirer' } });
    expect(expiry.revision).toBe(8);
    // The deadline counts from when the state was entered, not from when the new run began.
    expect(expiry.at.getTime() - Date.parse(asked.enteredAt)).toBeGreaterThanOrEqual(4000);
    expect(await h.prisma.auditEntry.count({ where: { caseId } })).toBe(8);
  });
});

async function listRuns(client: Client, caseId: string): Promise<{ runId: string; status: string }[]> {
  const runs: { runId: string; status: string }[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${caseId}'` }))
    runs.push({ runId: w.runId, status: w.status.name });
  return runs;
}

type History = temporal.api.history.v1.IHistory;

function lastOf(
  history: History,
  type: temporal.api.enums.v1.EventType,
  which: (event: temporal.api.history.v1.IHistoryEvent) => boolean = () => true,
): temporal.api.history.v1.IHistoryEvent {
  const event = history.events?.filter((e) => e.eventType === type && which(e)).at(-1);
  if (!event) throw new Error(`Aucun événement ${temporal.api.enums.v1.EventType[type]} dans l’historique.`);
  return event;
}

/** How far Temporal has taken an update: 'ADMITTED' once it holds it, even with no worker to run it. */
async function updateStage(client: Client, workflowId: string, updateId: string): Promise<string | null> {
  try {
    const answer = await client.workflowService.pollWorkflowExecutionUpdate({
      namespace: client.options.namespace,
      updateRef: { workflowExecution: { workflowId }, updateId },
      waitPolicy: { lifecycleStage: UpdateStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
    });
    return UpdateStage[answer.stage ?? 0]?.replace('UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_', '') ?? null;
  } catch {
    return null;
  }
}

describe('a Temporal server restarted with its database file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-restart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('still has the case, which goes on, deadline included', async () => {
    const h = await createHarness({ durationOverrides: { 'agrement.delaiComplements': 'PT8S' } });
    await h.stopWorker();
    const settings = loadTemporalSettings();
    const port = await freePort();
    const serverOptions = {
      cliPath: inject('temporalCliPath'),
      settings,
      dataDir: dir,
      port,
      uiPort: false as const,
      dbFile: 'temporal.sqlite',
    };

    const run = async <T>(body: (ctx: typeof h.ctx) => Promise<T>): Promise<T> => {
      const server = await startDevServer(serverOptions);
      const connection = await Connection.connect({ address: server.address });
      const ctx = {
        ...h.ctx,
        temporal: new Client({ connection, namespace: server.namespace, dataConverter: h.dataConverter }),
      };
      const { worker, connection: workerConnection } = await createCaseWorker({
        address: server.address,
        namespace: server.namespace,
        taskQueue: ctx.taskQueue,
        bundle: { codePath: inject('workflowBundlePath') },
        dataConverter: h.dataConverter,
        dependencies: { prisma: h.prisma, mail: NO_MAIL },
      });
      try {
        return await worker.runUntil(body(ctx));
      } finally {
        await workerConnection.close();
        await connection.close();
        await server.stop();
      }
    };

    try {
      const caseId = await run(async (ctx) => {
        const { case: opened } = await startCase(ctx, {
          processId: 'agrement',
          version: 2,
          businessKey: uniqueKey(),
          organisationId: 'ipm-a',
          actor: gerant,
          input: application,
        });
        await sendEvent(ctx, {
          caseId: opened.caseId,
          event: 'dossier.soumettre',
          actor: gerant,
          input: { pieces: PIECES },
        });
        await sendEvent(ctx, {
          caseId: opened.caseId,
          event: 'recevabilite.demanderComplements',
          actor: agent,
          input: complements,
        });
        return opened.caseId;
      });
      await run(async (ctx) => {
        const view = await ctx.temporal.workflow.getHandle(caseId).query('dossier.vue', 'gerant_ipm');
        expect(view).toMatchObject({ state: 'complements_demandes', revision: 3 });
        await expect
          .poll(async () => (await getCase(ctx, caseId, 'gerant_ipm'))?.state, { timeout: 15_000 })
          .toBe('classe_sans_suite');
      });
      expect(await auditTrail(h, caseId)).toEqual([
        '1:dossier.ouvrir',
        '2:dossier.soumettre',
        '3:recevabilite.demanderComplements',
        '4:delai.expirer',
      ]);
    } finally {
      await h.close();
    }
  });
});
