import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { AGENT, type CrashLab, createCrashLab, GERANT } from './support/crash-lab.ts';
import { uniqueKey } from './support/harness.ts';
import { recipientOf } from './support/mail.ts';
import type { WorkerProcess } from './support/worker-process.ts';

// The worker is an OS process killed with SIGKILL at an exact step: its database (or SMTP) conversation
// is held by a proxy at that step, then the process dies. Another worker process takes over.

const gerant: Actor = { id: GERANT.id, role: 'gerant_ipm' };
const agent: Actor = { id: AGENT.id, role: 'agent_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

let lab: CrashLab;
let worker: WorkerProcess;

beforeAll(async () => {
  lab = await createCrashLab();
  worker = await lab.startWorker();
});
afterAll(() => lab?.close());

const audit = async (caseId: string) =>
  (await lab.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map(
    (a) => `${a.revision}:${a.event}`,
  );

/** A submitted case whose submission mail went out: nothing else talks to the database meanwhile. */
async function submittedCase(): Promise<string> {
  const { case: opened } = await startCase(lab.ctx, {
    processId: 'agrement',
    version: 2,
    businessKey: uniqueKey('KILL'),
    organisationId: 'ipm-a',
    actor: gerant,
    input: { denomination: 'IPM Tuée', typeIpm: 'interentreprises', effectif: 800 },
  });
  await sendEvent(lab.ctx, {
    caseId: opened.caseId,
    event: 'dossier.soumettre',
    actor: gerant,
    input: { pieces: PIECES },
  });
  await expect
    .poll(
      async () =>
        (await lab.prisma.mailMessage.findMany({ where: { key: { startsWith: `${opened.caseId}:2:` } } })).map(
          (m) => m.status,
        ),
      {
        timeout: 30_000,
      },
    )
    .toEqual(['envoye']);
  return opened.caseId;
}

describe('a worker process killed in the middle of an update', () => {
  it('before its projection reached the database: the next worker applies the update once', async () => {
    const caseId = await submittedCase();
    lab.database.hold('toServer');
    const requestId = `${caseId}-valider`;
    const pending = sendEvent(lab.ctx, { caseId, event: 'recevabilite.valider', actor: agent, requestId });
    // The update is in the worker, its projection write on the wire: the moment to die.
    await expect.poll(() => lab.database.heldBytes, { timeout: 30_000 }).toBeGreaterThan(0);
    await worker.kill();
    lab.database.release();
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.soumettre']);

    worker = await lab.startWorker();
    expect(await pending).toMatchObject({ state: 'en_instruction', revision: 3 });
    expect(await sendEvent(lab.ctx, { caseId, event: 'recevabilite.valider', actor: agent, requestId })).toMatchObject({
      revision: 3,
    });
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.soumettre', '3:recevabilite.valider']);
    expect(await lab.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      state: 'en_instruction',
      revision: 3,
    });
  });

  it('after its projection was written but before the worker heard so: nothing is written twice', async () => {
    const caseId = await submittedCase();
    lab.database.hold('toClient');
    const pending = sendEvent(lab.ctx, {
      caseId,
      event: 'recevabilite.valider',
      actor: agent,
      requestId: `${caseId}-v`,
    });
    // The database has the transition; its answer waits in the proxy.
    await expect.poll(async () => (await audit(caseId)).length, { timeout: 30_000 }).toBe(3);
    const written = await lab.prisma.auditEntry.findFirstOrThrow({ where: { caseId, revision: 3 } });
    await worker.kill();
    lab.database.release();

    worker = await lab.startWorker();
    expect(await pending).toMatchObject({ state: 'en_instruction', revision: 3 });
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.soumettre', '3:recevabilite.valider']);
    // The entry is the one first written, not a second one.
    expect((await lab.prisma.auditEntry.findFirstOrThrow({ where: { caseId, revision: 3 } })).id).toBe(written.id);
  });
});

describe('a worker process killed in the middle of an effect', () => {
  it('while it generates a document: the next attempt makes it once, with the number the dead one had taken', async () => {
    const caseId = await submittedCase();
    // Inside the document's transaction: the number taken, the file being made, the row not yet in.
    lab.database.holdAfter('"DocumentSequence"', 'toServer');
    await sendEvent(lab.ctx, {
      caseId,
      event: 'recevabilite.demanderComplements',
      actor: agent,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    await expect.poll(() => lab.database.heldBytes, { timeout: 30_000 }).toBeGreaterThan(0);
    await worker.kill();
    lab.database.release();
    // The transaction died with its connection: no document, no number used.
    expect(await lab.prisma.document.count({ where: { caseId } })).toBe(0);
    expect(await lab.prisma.documentSequence.findMany({ where: { kind: 'demande_complements' } })).toEqual([]);

    worker = await lab.startWorker();
    await lab.failDeadAttempt(caseId);
    await expect.poll(() => lab.prisma.document.count({ where: { caseId } }), { timeout: 60_000 }).toBe(1);
    const document = await lab.prisma.document.findFirstOrThrow({ where: { caseId } });
    expect(document).toMatchObject({ kind: 'demande_complements', generationKey: `${caseId}:3:0` });
    expect(document.number).toMatch(/\/0001$/);
    expect(existsSync(path.join(lab.mail.dataDir, 'documents', document.sha256))).toBe(true);
    // The effect after it (the gérant's mail) then ran, once.
    await expect
      .poll(
        async () =>
          (await lab.prisma.mailMessage.findMany({ where: { key: { startsWith: `${caseId}:3:` } } })).map(
            (m) => m.status,
          ),
        {
          timeout: 30_000,
        },
      )
      .toEqual(['envoye']);
    expect((await lab.mail.caught()).filter((m) => recipientOf(m) === GERANT.email)).toHaveLength(1);
    expect(await audit(caseId)).toEqual([
      '1:dossier.ouvrir',
      '2:dossier.soumettre',
      '3:recevabilite.demanderComplements',
    ]);
  });
});
