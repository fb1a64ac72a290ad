import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { link, unlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { splitMessage } from './mime.ts';

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: where the transport sends. */
  url: string;
  port: number;
  /** Messages the server accepted, messages it kept, and copies it dropped (same Message-ID). */
  stats: { received: number; stored: number; duplicates: number };
  stop(): Promise<void>;
}

/**
 * A local SMTP server that keeps every message it receives as an `.eml` file in `dir`, so that a demo
 * or a test shows real mail without sending any. A message whose Message-ID it already holds is
 * acknowledged and dropped, as a mailbox that removes duplicates would: Siamo resends a message with
 * its original Message-ID when it cannot know whether the first sending got through.
 */
export async function startMailCatcher(options: { dir: string; port?: number }): Promise<MailCatcher> {
  mkdirSync(options.dir, { recursive: true });
  const stats = { received: 0, stored: 0, duplicates: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Siamo : capteur de courriels local',
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        stats.received++;
        const recipients = session.envelope.rcptTo.map((r) => r.address).join(', ');
        keep(options.dir, Buffer.concat(chunks), recipients).then((stored) => {
          if (stored) stats.stored++;
          else stats.duplicates++;
          callback();
        }, callback);
      });
    },
  });
  server.on('error', (error) => console.error('Capteur de courriels :', error.message));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stats,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Stores a message under the hash of its Message-ID; false when that message is already there. */
async function keep(dir: string, raw: Buffer, recipients: string): Promise<boolean> {
  const { headers } = splitMessage(raw.toString('latin1'));
  const identity = headers.get('message-id') ?? createHash('sha256').update(raw).digest('hex');
  const id = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  const envelope = `X-Siamo-Recu-Le: ${new Date().toISOString()}\r\nX-Siamo-Enveloppe-A: ${recipients}\r\n`;
  const temporary = path.join(dir, `.${id}.${process.pid}.${Date.now()}.tmp`);
  await writeFile(temporary, Buffer.concat([Buffer.from(envelope), raw]));
  try {
    // link() fails if the name exists: of two copies arriving at once, exactly one is kept.
    await link(temporary, path.join(dir, `${id}.eml`));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
