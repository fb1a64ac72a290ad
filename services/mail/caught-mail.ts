import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { bodyParts, decodeWords, splitMessage } from './mime.ts';

/** Where the local catcher keeps the messages it receives. */
export const caughtMailDir = (dataDir: string): string => path.join(dataDir, 'mail');

export interface CaughtMailSummary {
  /** The file's name without `.eml`: what `readCaughtMail` takes. */
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  messageId: string | null;
}

export interface CaughtMail extends CaughtMailSummary {
  text: string | null;
  html: string | null;
  /** The message as received, for download. */
  raw: Buffer;
}

const ID = /^[0-9a-f]{32}$/;

/** The messages the catcher holds, newest first (the administrators' mail page). */
export async function listCaughtMail(dataDir: string, options: { limit?: number } = {}): Promise<CaughtMailSummary[]> {
  const dir = caughtMailDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(
    names
      .filter((name) => name.endsWith('.eml') && ID.test(name.slice(0, -4)))
      .map(async (name) => ({ name, mtime: (await stat(path.join(dir, name))).mtimeMs })),
  );
  files.sort((a, b) => b.mtime - a.mtime);
  const chosen = files.slice(0, options.limit ?? 200);
  return Promise.all(
    chosen.map(async ({ name }) => (await readCaughtMail(dataDir, name.slice(0, -4))) as CaughtMail),
  ).then((mails) =>
    mails.map(({ id, receivedAt, from, to, subject, messageId }) => ({ id, receivedAt, from, to, subject, messageId })),
  );
}

/** One caught message, or null when there is none with this id. */
export async function readCaughtMail(dataDir: string, id: string): Promise<CaughtMail | null> {
  if (!ID.test(id)) return null;
  const raw = await readFile(path.join(caughtMailDir(dataDir), `${id}.eml`)).catch(() => null);
  if (!raw) return null;
  // latin1 keeps every byte as one character; parts are decoded with their own charset.
  const { headers, body } = splitMessage(raw.toString('latin1'));
  const header = (name: string) => decodeWords(headers.get(name) ?? '');
  const parts = bodyParts(headers, body);
  return {
    id,
    receivedAt: headers.get('x-siamo-recu-le') ?? '',
    from: header('from'),
    to: header('to'),
    subject: header('subject'),
    messageId: headers.get('message-id') ?? null,
    text: parts.text ?? null,
    html: parts.html ?? null,
    raw,
  };
}
