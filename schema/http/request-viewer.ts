import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrismaClient } from '../../prisma/client.ts';
import { requestSecret, resolveViewer } from '../../services/auth/resolve-viewer.ts';
import { mayUse, type Operation } from '../../services/permissions.ts';
import type { Viewer } from '../../services/viewer.ts';

// The gate of the API's plain HTTP routes (a document, the portfolio's report): the same session cookie
// or bearer token as /graphql, and the same permissions table.

/**
 * The viewer the request acts for, when the permissions table lets them use `operation`; otherwise the
 * answer is sent (401 without a valid session or token, 403 for a role that may not) and null returned.
 */
export async function authorizeRequest(
  prisma: PrismaClient,
  req: IncomingMessage,
  res: ServerResponse,
  operation: Operation,
  forbidden: string,
): Promise<Viewer | null> {
  const viewer = await resolveViewer(
    prisma,
    requestSecret({ cookie: req.headers.cookie, authorization: req.headers.authorization }),
    { bearer: requestSecret({ authorization: req.headers.authorization }) !== undefined },
  );
  if (!viewer) {
    sendJson(res, 401, { erreur: 'Vous n’êtes pas connecté, ou votre session a expiré : connectez-vous.' });
    return null;
  }
  if (!mayUse(viewer, operation)) {
    sendJson(res, 403, { erreur: forbidden });
    return null;
  }
  return viewer;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
