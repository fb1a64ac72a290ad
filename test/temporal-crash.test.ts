import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import {
  type DevServer,
  freePort,
  type StartDevServerOptions,
  startDevServer,
} from '../runtime/temporal-dev-server.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor, TransitionResult } from '../workflows/types.ts';
import { AGENT, type CrashLab, createCrashLab, GERANT } from './support/crash-lab.ts';
import { uniqueKey } from './support/harness.ts';
import { recipientOf } from './support/mail.ts';

// The Temporal dev server is killed (SIGKILL) while a case's update is in the worker, its projection
// write held on the wire by the database proxy; it restarts on its database file, on the same port.

const gerant: Actor = { id: GERANT.id, role: 'gerant_ipm' };
const agent: Actor = { id: AGENT.id, role: 'agent_ministere' };
const directeur: Actor = { id: 'u-directeur', role: 'directeur_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

let dir: string;
let serverOptions: StartDevServerOptions;
let server: DevServer;
let lab: CrashLab;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-temporal-crash-'));
  serverOptions = {
    cliPath: inject('temporalCliPath'),
    settings: loadTemporalSettings(),
    dataDir: dir,
    port: await freePort(),
    uiPort: false,
    dbFile: 'temporal.sqlite',
  };
  server = await startDevServer(serverOptions);
  lab = await createCrashLab({ address: server.address, namespace: server.namespace });
  // The same worker process stays up: it reconnects to the restarted server by itself.
  await lab.startWorker();
});
afterAll(async () => {
  await lab?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const audit = async (caseId: string) =>
  (await lab.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map(
    (a) => `${a.revision}:${a.event}`,
  );

describe('the Temporal server killed in the middle of an update', () => {
  it('restarts on its state: the update lands once, its effects run once, and the case goes on', async () => {
    const { case: opened } = await startCase(lab.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('KILL'),
      organisationId: 'ipm-a',
      actor: gerant,
      input: { denomination: 'IPM Sans Serveur', typeIpm: 'interentreprises', effectif: 800 },
    });
    const caseId = opened.caseId;
    await sendEvent(lab.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });

    lab.database.hold('toServer');
    const requestId = `${caseId}-valider`;
    const pending = sendEvent(lab.ctx, { caseId, event: 'recevabilite.valider', actor: agent, requestId }).then(
      (view): TransitionResult | Error => view,
      (error: Error) => error,
    );
    await expect.poll(() => lab.database.heldBytes, { timeout: 30_000 }).toBeGreaterThan(0);
    await server.kill();
    // The dead server's workflow task may still write its projection: the same transition, once.
    lab.database.release();
    server = await startDevServer(serverOptions);

    expect(await pending).toMatchObject({ state: 'en_instruction', revision: 3 });
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.soumettre', '3:recevabilite.valider']);
    await sendEvent(lab.ctx, {
      caseId,
      event: 'decision.refuser',
      actor: directeur,
      input: { motifRefus: 'Projections financières insuffisantes.' },
    });
    expect(await audit(caseId)).toEqual([
      '1:dossier.ouvrir',
      '2:dossier.soumettre',
      '3:recevabilite.valider',
      '4:decision.refuser',
    ]);
    expect(await lab.ctx.temporal.workflow.getHandle(caseId).query('dossier.vue', 'gerant_ipm')).toMatchObject({
      state: 'refuse',
      revision: 4,
    });
    // Each effect once: the director's notice of revision 3 (nobody holds the role here), the refusal
    // letter and the gérant's mail of revision 4.
    expect(await lab.prisma.notification.findMany({ where: { caseId, revision: 3 } })).toEqual([
      expect.objectContaining({ status: 'sans_destinataire' }),
    ]);
    await expect.poll(() => lab.prisma.document.count({ where: { caseId } }), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(
        async () =>
          (await lab.prisma.mailMessage.findMany({ where: { key: { startsWith: `${caseId}:4:` } } })).map(
            (m) => m.status,
          ),
        { timeout: 30_000 },
      )
      .toEqual(['envoye']);
    expect((await lab.mail.caught()).map(recipientOf).sort()).toEqual([AGENT.email, GERANT.email]);
  });
});
