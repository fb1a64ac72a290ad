import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { formatSize } from '../../services/uploads/upload-policy.ts';
import type { GraphqlApi } from '../api.ts';

/** A JSON request larger than this is refused before it is read: forms are a few kilobytes. */
const MAX_JSON_BYTES = 1024 * 1024;
/** Room for the multipart envelope and the operation around the file itself. */
const MULTIPART_OVERHEAD = 256 * 1024;

/**
 * `/graphql`: the API. Bodies are measured before anything reads them, from Content-Length (required
 * for a POST): an upload over the limit is refused here, in French, without being held in memory.
 * One slightly over the limit gets through to the resolver, which refuses it as typed invalid input.
 */
export function graphqlRoute(api: GraphqlApi, options: { uploadMaxBytes: number }): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://siamo');
    if (url.pathname !== '/graphql') return false;
    if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
      res.setHeader('content-security-policy', GRAPHIQL_POLICY);
    }
    const refusal = bodyRefusal(req, options.uploadMaxBytes);
    if (refusal) {
      sendGraphqlError(res, refusal);
      req.resume();
      return true;
    }
    await api.handle(req, res, { cookies: [] });
    return true;
  };
}

/**
 * GraphiQL (GRAPHQL_INTROSPECTION on) is Yoga's page: inline scripts, its editor loaded from unpkg,
 * its workers made from blobs. It holds no data of its own; what it shows, it asks /graphql for.
 */
const GRAPHIQL_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "font-src 'self' data: https://unpkg.com",
  "img-src 'self' data: https://raw.githubusercontent.com",
  "connect-src 'self' https://unpkg.com",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Headers a browser only sends after a CORS preflight: a request carrying one of them was not made by
 * a plain form or image of another site (GraphQL-over-HTTP's CSRF prevention).
 */
const PREFLIGHT_HEADERS = ['graphql-require-preflight', 'x-graphql-yoga-csrf', 'apollo-require-preflight'];
/** The body types a page of another site can post without a preflight (CORS "simple" requests). */
const SIMPLE_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded', 'text/plain'];

interface Refusal {
  status: number;
  code: 'requete_refusee' | 'longueur_requise' | 'trop_volumineux';
  message: string;
}

function bodyRefusal(req: IncomingMessage, uploadMaxBytes: number): Refusal | undefined {
  if (req.method !== 'POST') return undefined;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  // A JSON body cannot come from another site without a preflight; a form (multipart, urlencoded,
  // text/plain, or no type at all) can, and would carry the session cookie of a same-site page.
  const simple = type === '' || SIMPLE_TYPES.some((simpleType) => type.startsWith(simpleType));
  if (simple && !PREFLIGHT_HEADERS.some((header) => req.headers[header])) {
    return {
      status: 400,
      code: 'requete_refusee',
      message:
        'Requête refusée : un envoi de formulaire ou de fichier doit porter l’en-tête GraphQL-Require-Preflight.',
    };
  }
  const length = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !Number.isFinite(length)) {
    return {
      status: 411,
      code: 'longueur_requise',
      message: 'Requête sans longueur (Content-Length) : elle est requise.',
    };
  }
  const multipart = type.startsWith('multipart/form-data');
  if (multipart && length > uploadMaxBytes + MULTIPART_OVERHEAD) {
    return {
      status: 413,
      code: 'trop_volumineux',
      message: `Le fichier dépasse la taille maximale de ${formatSize(uploadMaxBytes)}.`,
    };
  }
  if (!multipart && length > MAX_JSON_BYTES) {
    return {
      status: 413,
      code: 'trop_volumineux',
      message: `Requête trop volumineuse : au plus ${formatSize(MAX_JSON_BYTES)}.`,
    };
  }
  return undefined;
}

function sendGraphqlError(res: ServerResponse, refusal: Refusal) {
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }));
}
