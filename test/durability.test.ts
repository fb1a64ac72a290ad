import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import { createCaseWorker } from '../runtime/worker.ts';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, type Harness, NO_MAIL, uniqueKey } from './support/harness.ts';

const gerant: Actor = { id: 'u-gerant-1', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent-1', role: 'agent_ministere' };
const directeur: Actor = { id: 'u-dir-1', role: 'directeur_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM Durable', typeIpm: 'interentreprises', effectif: 800 };
const complements = { complementsDemandes: 'Joindre les statuts signés.' };

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
    await new Promise((r) => setTimeout(r, 500));
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
    await new Promise((r) => setTimeout(r, 3000));
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
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    for (let round = 0; round < 3; round++) {
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
    expect(asked.revision).toBe(9);

    // Wait for the run to hand over, then check the new run carries the pending deadline.
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    await expect
      .poll(
        async () => (await handle.describe()).runId !== opened.caseId && (await countRuns(h.ctx.temporal, caseId)),
        { timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(3);
    const query = await handle.query('dossier.vue', 'gerant_ipm');
    expect(query).toMatchObject({
      state: 'complements_demandes',
      revision: 9,
      context: { reponseComplements: 'Réponse 2' },
    });

    await expect
      .poll(async () => (await getCase(h.ctx, caseId, 'gerant_ipm'))?.state, { timeout: 15_000 })
      .toBe('classe_sans_suite');
    const expiry = await h.prisma.auditEntry.findFirstOrThrow({ where: { caseId, event: 'delai.expirer' } });
    expect(expiry.revision).toBe(10);
    // The deadline counts from when the state was entered, not from when the new run began.
    expect(expiry.at.getTime() - Date.parse(asked.enteredAt)).toBeGreaterThanOrEqual(4000);
    expect(expiry.at.getTime() - Date.parse(asked.enteredAt)).toBeLessThan(8000);
    expect(await h.prisma.auditEntry.count({ where: { caseId } })).toBe(10);
  });
});

async function countRuns(client: Client, caseId: string): Promise<number> {
  const runs: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${caseId}'` }))
    runs.push(`${w.runId}:${w.status.name}`);
  return runs.length;
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
