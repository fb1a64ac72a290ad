import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { PrismaClient } from '../../prisma/client.ts';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { canSeeCase } from '../../services/case-access.ts';
import { documentPath } from '../../services/uploads/document-store.ts';
import { authorizeRequest, sendJson } from './request-viewer.ts';

/** Files a browser can show by itself, and the policy under which it may show them inside Siamo's pages. */
const PREVIEWS: Record<string, string> = {
  // Chrome and Firefox show a PDF in a viewer of their own, embedded in a document they make up.
  'application/pdf': "default-src 'none'; object-src 'self'; frame-ancestors 'self'",
  'image/png': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
  'image/jpeg': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
};

/**
 * `GET /documents/<id>`: a case's file, for whoever may see the case (same cookie or bearer token,
 * same rules as the API). Another organisation's document answers 404, as a missing one does. The
 * file is offered as a download, in a sandbox; with `?apercu=1`, a PDF or an image is shown inline
 * instead — within Siamo's own pages only — so that an agent reads the pieces beside the checklist.
 * Uploads were checked to be what their type says, and `nosniff` keeps the browser from guessing.
 */
export function documentRoute(options: { prisma: PrismaClient; dataDir: string }): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://siamo');
    const id = /^\/documents\/([\w-]{1,64})$/.exec(url.pathname)?.[1];
    if (id === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { erreur: 'Seule la lecture (GET) est possible à cette adresse.' }, { allow: 'GET, HEAD' });
      return true;
    }
    const viewer = await authorizeRequest(
      options.prisma,
      req,
      res,
      'downloadDocument',
      'Votre rôle ne permet pas de télécharger un document.',
    );
    if (!viewer) return true;
    const document = await options.prisma.document.findUnique({
      where: { id },
      include: { case: { select: { organisationId: true } } },
    });
    if (!document || !canSeeCase(viewer, document.case)) {
      sendJson(res, 404, { erreur: 'Document introuvable.' });
      return true;
    }
    const file = documentPath(options.dataDir, document.sha256);
    const size = await stat(file).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) {
      console.error(`Contenu du document ${document.id} absent : ${file}`);
      sendJson(res, 404, { erreur: 'Le contenu de ce document est introuvable.' });
      return true;
    }
    const preview = url.searchParams.get('apercu') === '1' ? PREVIEWS[document.mimeType] : undefined;
    res.writeHead(200, {
      'content-type': document.mimeType,
      'content-length': size,
      'content-disposition': `${preview ? 'inline' : 'attachment'}; filename="${asciiName(document.name)}"; filename*=UTF-8''${encodeURIComponent(document.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': preview ?? "default-src 'none'; sandbox",
      // The portal's case page shows a preview in a frame of its own; nothing else may frame it.
      'x-frame-options': preview ? 'SAMEORIGIN' : 'DENY',
      'cache-control': 'private, no-store',
      etag: `"${document.sha256}"`,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
    });
    return true;
  };
}

/** The name for clients that ignore filename*: ASCII, without quotes. */
const asciiName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|"/g, '_');
