import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverMails } from '../activities/deliver-mails.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { deliverMail } from '../services/mail/deliver.ts';
import { maskAddresses, smtpFailureCodes } from '../services/mail/smtp-failure.ts';
import { createSmtpTransport } from '../services/mail/transport.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// A mail server that refuses a recipient usually says who (« 550 5.1.1 <aminata@…>: Recipient address
// rejected »). That text must not reach the logs nor the activity's failure (which Temporal keeps):
// they get the codes; the message's row keeps the server's words with the address masked.

const ADDRESS = 'aminata.ndiaye@exemple-perso.sn';
let db: TestDatabase;
let prisma: PrismaClient;
let smtp: SMTPServer;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  // A real SMTP server refusing every recipient the way Postfix does, repeating the address.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
        responseCode: 550,
      });
      callback(error);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  url = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await prisma?.$disconnect();
  await db?.drop();
});

const recordMail = async () =>
  (
    await prisma.mailMessage.create({
      data: {
        key: `test:${randomUUID()}`,
        messageId: `<${randomUUID()}@siamo.test>`,
        toAddress: ADDRESS,
        toName: 'Aminata Ndiaye',
        subject: 'Dossier T-1 : votre action est attendue',
        text: 'Bonjour',
        html: '<p>Bonjour</p>',
      },
    })
  ).id;

describe('a recipient refused by the SMTP server', () => {
  it('fails with the SMTP codes only, and keeps the server’s text with the address masked', async () => {
    const settings = {
      transport: createSmtpTransport(url, { ignoreTLS: true }),
      from: 'Siamo <siamo@siamo.test>',
      publicUrl: 'http://siamo.test',
    };
    const id = await recordMail();
    const failure = await deliverMail(prisma, settings, id, { lastAttempt: false }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.message).toBe(`Envoi du courriel ${id} impossible : code SMTP 550 5.1.1 à RCPT TO (EENVELOPE)`);
    expect(failure?.cause).toBeUndefined();
    const row = await prisma.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('echec');
    // What the server said is still there for the operator, but not whom it was about.
    expect(row.lastError).toContain('Recipient address rejected');
    expect(row.lastError).toContain('<adresse masquée>');
    expect(row.lastError).not.toContain(ADDRESS);
  });

  it('fails the delivery activity without the address, permanently', async () => {
    const settings = {
      transport: createSmtpTransport(url, { ignoreTLS: true }),
      from: 'Siamo <siamo@siamo.test>',
      publicUrl: 'http://siamo.test',
    };
    const id = await recordMail();
    const failure = await deliverMails(prisma, settings, [id]).then(
      () => undefined,
      (error: Error & { type?: string; nonRetryable?: boolean }) => error,
    );
    expect(failure).toMatchObject({ type: 'courriel_refuse', nonRetryable: true });
    expect(failure?.message).toContain('code SMTP 550');
    expect(`${failure?.message} ${failure?.stack}`).not.toContain(ADDRESS);
    expect(`${failure?.message}`).not.toContain('ndiaye');
  });
});

describe('smtpFailureCodes and maskAddresses', () => {
  it('keep codes and drop addresses, whatever the error looks like', () => {
    expect(smtpFailureCodes(Object.assign(new Error('x'), { code: 'ECONNECTION' }))).toBe('(ECONNECTION)');
    expect(
      smtpFailureCodes({ responseCode: 452, response: '452 4.2.2 <a@b.sn> Mailbox full', command: 'RCPT TO' }),
    ).toBe('code SMTP 452 4.2.2 à RCPT TO');
    // A command field that is not a command (a library could put text there) is left out.
    expect(smtpFailureCodes({ responseCode: 550, command: 'a@b.sn refused' })).toBe('code SMTP 550');
    expect(smtpFailureCodes('texte')).toBe('erreur sans code');
    expect(maskAddresses('550 <fatou.sow@ipm.sn>, cc awa@x.sn: rejected')).toBe(
      '550 <<adresse masquée>>, cc <adresse masquée>: rejected',
    );
  });
});
