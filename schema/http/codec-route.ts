import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { PrismaClient } from '../../prisma/client.ts';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { authorizeRequest, sendJson } from './request-viewer.ts';

// Temporal's codec-server protocol, so that its web UI (and `temporal workflow show --codec-endpoint`)
// shows decrypted payloads: POST /codec/decode and /codec/encode with `{ payloads: [{ metadata, data }] }`,
// bytes in base64. For signed-in administrators only: what it decrypts is personal data, so every call
// is journaled (CodecAccess: who, when, how many payloads; never their content).

export interface CodecRouteOptions {
  prisma: PrismaClient;
  codec: PayloadCodec;
  /** Origins of the Temporal web UIs that may call it from a browser, with the session cookie. */
  allowedOrigins: readonly string[];
}

/** Payloads are at most 2 MB each in Temporal; a page of the UI sends a few. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export function codecRoute(options: CodecRouteOptions): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://siamo');
    const operation = /^\/codec\/(encode|decode)$/.exec(url.pathname)?.[1] as 'encode' | 'decode' | undefined;
    if (!operation) return false;
    const cors = corsHeaders(req, options.allowedOrigins);
    if (req.method === 'OPTIONS') {
      res.writeHead(cors ? 204 : 403, {
        ...cors,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, x-namespace, authorization',
        'access-control-max-age': '600',
      });
      res.end();
      return true;
    }
    // A page of another origin than the UI's gets no answer it could read, and no work done.
    if (req.headers.origin !== undefined && !cors) {
      sendJson(res, 403, { erreur: 'Origine non autorisée pour le décodage des données Temporal.' });
      return true;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { erreur: 'Seul l’envoi (POST) est possible à cette adresse.' }, { ...cors, allow: 'POST' });
      return true;
    }
    // JSON only: a cross-site form cannot send it without a preflight, which only the UI's origin passes.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      req.resume();
      sendJson(res, 415, { erreur: 'Corps attendu en JSON (Content-Type: application/json).' }, cors);
      return true;
    }
    res.setHeader('vary', 'origin');
    for (const [name, value] of Object.entries(cors ?? {})) res.setHeader(name, value);
    const viewer = await authorizeRequest(
      options.prisma,
      req,
      res,
      'payloadCodec',
      'Seul un administrateur peut décoder les données de Temporal.',
    );
    if (!viewer) {
      req.resume();
      return true;
    }
    const body = await readBody(req, res);
    if (body === undefined) return true;
    let payloads: Payload[];
    try {
      payloads = parsePayloads(body);
    } catch (error) {
      sendJson(res, 400, { erreur: (error as Error).message });
      return true;
    }
    // Recorded before the work: a decryption that answered is always in the journal.
    await options.prisma.codecAccess.create({
      data: {
        userId: viewer.userId,
        operation,
        namespace: headerValue(req.headers['x-namespace']),
        payloads: payloads.length,
      },
    });
    try {
      const result = await options.codec[operation](payloads);
      sendJson(res, 200, { payloads: result.map(toJson) });
    } catch (error) {
      sendJson(res, 400, { erreur: `Données illisibles : ${(error as Error).message}` });
    }
    return true;
  };
}

const headerValue = (value: string | string[] | undefined): string | null =>
  (Array.isArray(value) ? value[0] : value)?.slice(0, 200) ?? null;

function corsHeaders(req: IncomingMessage, allowed: readonly string[]): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (origin === undefined || !allowed.includes(origin)) return undefined;
  return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'origin' };
}

async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      sendJson(res, 413, { erreur: 'Requête trop volumineuse : au plus 8 Mo.' }, { connection: 'close' });
      req.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parsePayloads(body: string): Payload[] {
  const refused = new Error('Corps attendu : { "payloads": [{ "metadata": { … }, "data": "…" }] }, en base64.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw refused;
  }
  const list = (parsed as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list)) throw refused;
  return list.map((item: JsonPayload) => {
    if (typeof item !== 'object' || item === null) throw refused;
    const metadata = Object.entries(item.metadata ?? {}).map(([key, value]) => {
      if (typeof value !== 'string') throw refused;
      return [key, Buffer.from(value, 'base64')] as const;
    });
    if (item.data != null && typeof item.data !== 'string') throw refused;
    return { metadata: Object.fromEntries(metadata), data: item.data ? Buffer.from(item.data, 'base64') : undefined };
  });
}

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  ),
  data: data ? Buffer.from(data).toString('base64') : undefined,
});
