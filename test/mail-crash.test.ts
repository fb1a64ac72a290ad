import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaughtMail } from '../services/mail/caught-mail.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { AGENT, type CrashLab, createCrashLab, GERANT } from './support/crash-lab.ts';
import { uniqueKey } from './support/harness.ts';
import { recipientOf } from './support/mail.ts';

// The hard case of exactly-once mail: the worker process dies (SIGKILL) after the SMTP server accepted
// the message and before the message was marked sent. The catcher's answer is held by a proxy until
// the process is dead, so the worker never hears it. A database of its own: one person is to be told.

const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

let lab: CrashLab;

beforeAll(async () => {
  lab = await createCrashLab();
});
afterAll(() => lab?.close());

describe('a worker process killed while it sends a message', () => {
  it('leaves exactly one message in the mailbox once another worker has taken over', async () => {
    let worker = await lab.startWorker();
    const { case: opened } = await startCase(lab.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('AGR'),
      organisationId: 'ipm-a',
      actor: { id: GERANT.id, role: 'gerant_ipm' },
      input: { denomination: 'IPM Éphémère', typeIpm: 'entreprise', effectif: 40 },
    });
    const caseId = opened.caseId;
    // From the end of the message's data on, the server's answers wait in the proxy.
    lab.smtp.holdAfter('\r\n.\r\n', 'toClient');
    await sendEvent(lab.ctx, {
      caseId,
      event: 'dossier.soumettre',
      actor: { id: GERANT.id, role: 'gerant_ipm' },
      input: { pieces: PIECES },
    });
    await expect.poll(() => lab.mail.catcher.stats.stored, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => lab.smtp.heldBytes, { timeout: 30_000 }).toBeGreaterThan(0);
    await worker.kill();
    lab.smtp.release();
    const mail = await lab.prisma.mailMessage.findFirstOrThrow({ where: { key: { startsWith: `${caseId}:2:` } } });
    expect(mail).toMatchObject({ status: 'envoi_en_cours', attempts: 1 });

    worker = await lab.startWorker();
    await lab.failDeadAttempt(caseId);
    await expect
      .poll(async () => (await lab.prisma.mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).status, {
        timeout: 30_000,
      })
      .toBe('envoye');
    // The new worker could not know the message had got through: it sent it again, under the same
    // Message-ID, and the mailbox kept one.
    expect(lab.mail.catcher.stats).toMatchObject({ received: 2, stored: 1, duplicates: 1 });
    const caught = await listCaughtMail(lab.mail.dataDir);
    expect(caught.filter((m) => m.messageId === mail.messageId)).toHaveLength(1);
    expect(caught).toHaveLength(1);
    expect((await lab.mail.caught()).map(recipientOf)).toEqual([AGENT.email]);
    expect(await lab.prisma.notification.findMany({ where: { caseId, revision: 2 } })).toEqual([
      expect.objectContaining({ recipientUserId: AGENT.id, status: 'envoye' }),
    ]);
    expect(await lab.prisma.mailMessage.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({ attempts: 2 });
    expect(
      (await lab.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map((a) => a.event),
    ).toEqual(['dossier.ouvrir', 'dossier.soumettre']);
  });
});
