import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { bearerViewer } from '../../services/auth/bearer-viewers.ts';
import { requestSecret, resolveViewer } from '../../services/auth/resolve-viewer.ts';
import { RateLimitedError } from '../../services/controle/check-rights.ts';
import { eligibilityResponse, operationOutcome, readEligibilityRequest } from '../../services/controle/fhir.ts';
import { mayUse, type Operation } from '../../services/permissions.ts';
import type { Viewer } from '../../services/viewer.ts';
import type { ApiServices } from '../context.ts';
import { runCheck } from './run-check.ts';

// The rights check over plain HTTP, for what cannot speak GraphQL:
// - `POST /controle/texte` (form fields `carte` or `nin`, `date`, `actes`): one line of French, for an
//   SMS or USSD gateway or a voice server. Its errors are one line too.
// - `POST /fhir/CoverageEligibilityRequest` (FHIR R4 JSON): a CoverageEligibilityResponse; a request
//   that is not a valid one, and the gate's refusals, as an OperationOutcome.
// Both take the provider software's bearer token (or the portal's session) and the permissions table.

const TEXT_PATH = '/controle/texte';
const FHIR_PATH = '/fhir/CoverageEligibilityRequest';
const MAX_BODY_BYTES = 64 * 1024;

type Reply = (status: number, body: string | object, headers?: Record<string, string>) => void;

const textReply =
  (res: ServerResponse): Reply =>
  (status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(`${String(body)}\n`);
  };

const fhirReply =
  (res: ServerResponse): Reply =>
  (status, body, headers = {}) => {
    res.writeHead(status, {
      'content-type': 'application/fhir+json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

async function gate(
  services: ApiServices,
  req: IncomingMessage,
  operation: Operation,
): Promise<{ viewer: Viewer } | { status: 401 | 403; text: string }> {
  // A software's bearer token is kept a few seconds (bearer-viewers.ts); the portal's session is read each time.
  const bearer = requestSecret({ authorization: req.headers.authorization });
  const viewer = bearer
    ? await bearerViewer(services.cases.prisma, bearer)
    : await resolveViewer(services.cases.prisma, requestSecret({ cookie: req.headers.cookie }));
  if (!viewer)
    return { status: 401, text: 'Non connecté, ou jeton expiré : reconnectez le logiciel avec un jeton valide.' };
  if (!mayUse(viewer, operation))
    return {
      status: 403,
      text: 'Votre rôle ne permet pas de contrôler les droits : réservé aux agents des prestataires.',
    };
  return { viewer };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function rightsCheckRoutes(services: ApiServices): RequestHandler {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://siamo').pathname;
    if (path !== TEXT_PATH && path !== FHIR_PATH) return false;
    const fhir = path === FHIR_PATH;
    const reply = fhir ? fhirReply(res) : textReply(res);
    const refuse = (status: number, text: string, code: Parameters<typeof operationOutcome>[1], headers = {}) =>
      reply(status, fhir ? operationOutcome([{ text }], code) : `ERREUR - ${text}`, headers);
    if (req.method !== 'POST') {
      req.resume();
      refuse(405, 'Seul l’envoi (POST) est possible à cette adresse.', 'not-supported', { allow: 'POST' });
      return true;
    }
    const passed = await gate(services, req, fhir ? 'rightsCheckFhir' : 'rightsCheckText');
    if ('status' in passed) {
      req.resume();
      refuse(passed.status, passed.text, passed.status === 401 ? 'login' : 'forbidden');
      return true;
    }
    const body = await readBody(req);
    if (body === null) {
      refuse(413, 'Requête trop volumineuse : au plus 64 Ko.', 'invalid', { connection: 'close' });
      req.destroy();
      return true;
    }
    try {
      if (!fhir) {
        const form = new URLSearchParams(body);
        const answer = await runCheck({ services }, passed.viewer, 'texte', {
          cardNumber: form.get('carte'),
          nin: form.get('nin'),
          date: form.get('date'),
          acts: (form.get('actes') ?? '').split(/[\s,;]+/).filter(Boolean),
        });
        reply(200, answer.line);
        return true;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        refuse(
          400,
          'Le corps n’est pas du JSON : envoyez une ressource CoverageEligibilityRequest (FHIR R4).',
          'invalid',
        );
        return true;
      }
      const read = readEligibilityRequest(parsed);
      if ('problems' in read) {
        reply(400, operationOutcome(read.problems, 'invalid'));
        return true;
      }
      const answer = await runCheck({ services }, passed.viewer, 'fhir', read.input);
      reply(200, eligibilityResponse(read.input.request, answer, passed.viewer.organisationId));
      return true;
    } catch (error) {
      if (error instanceof RateLimitedError) {
        refuse(429, error.message, 'throttled', { 'retry-after': String(error.retryAfterSeconds) });
        return true;
      }
      console.error('Contrôle des droits en échec :', (error as Error).message);
      refuse(500, 'Le contrôle n’a pas pu être fait (erreur du serveur) : réessayez dans un instant.', 'exception');
      return true;
    }
  };
}
