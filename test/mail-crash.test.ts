import { NativeConnection, Worker } from '@temporalio/worker';
import type { SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../activities/index.ts';
import { listCaughtMail } from '../services/mail/caught-mail.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';
import { createMailLab, type MailLab, seedPeople } from './support/mail.ts';

// The hard case of exactly-once mail: the worker dies after the SMTP server accepted the message and
// before the message was marked sent. Its own database: exactly one person is to be told.

const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

let db: TestDatabase;
let lab: MailLab;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  lab = await createMailLab({ leaseMs: 1000 });
  h = await createHarness({ databaseUrl: db.url, dependencies: { mail: lab.settings } });
  await seedPeople(
    h.prisma,
    [{ id: 'ministere', kind: 'MINISTERE', name: 'Ministère du Travail (DPS)' }],
    [
      {
        id: 'u-awa',
        email: 'awa.ndiaye@sante.test',
        displayName: 'Awa Ndiaye',
        organisationId: 'ministere',
        roles: ['agent_ministere'],
      },
    ],
  );
});
afterAll(async () => {
  await h?.close();
  await lab?.close();
  await db?.drop();
});

describe('a worker killed while it sends a message', () => {
  it('leaves exactly one message in the mailbox once another worker has taken over', async () => {
    await h.stopWorker();
    // The dying worker's mail goes through to the server, then its process "dies": the send never
    // returns, so the message is never marked sent, and the worker is stopped without waiting for it.
    let accepted: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => {
      accepted = resolve;
    });
    const dyingMail = {
      ...lab.settings,
      transport: {
        sendMail: async (message: SendMailOptions) => {
          await lab.settings.transport.sendMail(message);
          accepted();
          return new Promise<never>(() => undefined);
        },
      },
    };
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const dying = await Worker.create({
      connection,
      namespace: inject('temporalNamespace'),
      taskQueue: h.ctx.taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      dataConverter: h.dataConverter,
      activities: createActivities({ prisma: h.prisma, mail: dyingMail }),
      shutdownForceTime: '1 second',
    });
    const running = dying.run().catch(() => undefined);

    const { case: opened } = await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('AGR'),
      organisationId: 'ipm-a',
      actor: { id: 'u-gerant', role: 'gerant_ipm' },
      input: { denomination: 'IPM Éphémère', typeIpm: 'entreprise', effectif: 40 },
    });
    const caseId = opened.caseId;
    await sendEvent(h.ctx, {
      caseId,
      event: 'dossier.soumettre',
      actor: { id: 'u-gerant', role: 'gerant_ipm' },
      input: { pieces: PIECES },
    });
    await delivered;
    expect(lab.catcher.stats).toMatchObject({ received: 1, stored: 1 });

    dying.shutdown();
    await running;
    await connection.close().catch(() => undefined);
    const mail = await h.prisma.mailMessage.findFirstOrThrow({ where: { key: { startsWith: `${caseId}:2:` } } });
    expect(mail).toMatchObject({ status: 'envoi_en_cours', attempts: 1 });

    await h.startWorker();
    // The server would retry the dead attempt on its own once its start-to-close timeout (2 minutes)
    // passes; failing it by id is that timeout, brought forward.
    const description = await h.ctx.temporal.workflow.getHandle(caseId).describe();
    const pending = description.raw.pendingActivities ?? [];
    expect(pending).toHaveLength(1);
    await h.ctx.temporal.activity
      .fail(
        { workflowId: caseId, runId: description.runId, activityId: pending[0]?.activityId ?? '' },
        new Error('worker tué'),
      )
      .catch(() => undefined);

    await expect
      .poll(async () => (await h.prisma.mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).status, {
        timeout: 30_000,
      })
      .toBe('envoye');
    // The new worker could not know the message had got through: it sent it again, under the same
    // Message-ID, and the mailbox kept one.
    expect(lab.catcher.stats).toMatchObject({ received: 2, stored: 1, duplicates: 1 });
    const caught = await listCaughtMail(lab.dataDir);
    expect(caught.filter((m) => m.messageId === mail.messageId)).toHaveLength(1);
    expect(caught).toHaveLength(1);
    expect(await h.prisma.notification.findMany({ where: { caseId, revision: 2 } })).toEqual([
      expect.objectContaining({ recipientUserId: 'u-awa', status: 'envoye' }),
    ]);
    expect(await h.prisma.mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ attempts: 2 });
  });
});
