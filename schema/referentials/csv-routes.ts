import type { PrismaClient } from '../../prisma/client.ts';
import { referentialDefinition } from '../../processes/referentials/catalogue.ts';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { SiamoError } from '../../services/errors.ts';
import { versionCsv, versionForExport } from '../../services/referentials/export-csv.ts';
import { layoutTemplate } from '../../services/referentials/layout.ts';
import { authorizeRequest, sendJson } from '../http/request-viewer.ts';

// `GET /referentiels/export/<version id>.csv`: a version's rows in its layout. `GET
// /referentiels/modele/<referential>.csv`: the template to fill in (header and what each column takes).
// Same cookie or bearer token, same permissions table as the API.

const EXPORT = /^\/referentiels\/export\/([^/]+)\.csv$/;
const TEMPLATE = /^\/referentiels\/modele\/([a-z_-]+)\.csv$/;

const CSV_HEADERS = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}"`,
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
});

export function referentialCsvRoutes(options: { prisma: PrismaClient }): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://siamo');
    const exported = EXPORT.exec(url.pathname);
    const template = TEMPLATE.exec(url.pathname);
    if (!exported && !template) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { erreur: 'Seule la lecture (GET) est possible à cette adresse.' }, { allow: 'GET' });
      return true;
    }
    if (template) {
      const viewer = await authorizeRequest(
        options.prisma,
        req,
        res,
        'referentialTemplate',
        'Votre rôle ne permet pas de télécharger le modèle de ce référentiel.',
      );
      if (!viewer) return true;
      const definition = referentialDefinition(template[1] ?? '');
      if (!definition) {
        sendJson(res, 404, { erreur: `Le référentiel « ${template[1]} » n’existe pas.` });
        return true;
      }
      res.writeHead(200, CSV_HEADERS(`modele-${definition.code}.csv`));
      res.end(layoutTemplate(definition));
      return true;
    }
    const viewer = await authorizeRequest(
      options.prisma,
      req,
      res,
      'referentialExport',
      'Votre rôle ne permet pas d’exporter ce référentiel.',
    );
    if (!viewer) return true;
    // Another organisation's own referential: refused as the API refuses it.
    const found = await versionForExport(options.prisma, decodeURIComponent(exported?.[1] ?? ''), viewer).catch(
      (error: unknown) => {
        if (error instanceof SiamoError && error.code === 'non_autorise') return { refused: error.message };
        throw error;
      },
    );
    if (found && 'refused' in found) {
      sendJson(res, 403, { erreur: found.refused });
      return true;
    }
    if (!found) {
      sendJson(res, 404, { erreur: 'Cette version de référentiel n’existe pas.' });
      return true;
    }
    // An IPM's own referential: whose series, since every IPM has a version n°1.
    const series = found.definition.ownedBy ? `-${found.version.ownerOrganisationId}` : '';
    res.writeHead(200, CSV_HEADERS(`${found.definition.code}${series}-version-${found.version.number}.csv`));
    for await (const chunk of versionCsv(options.prisma, found.version.id, found.definition)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
    return true;
  };
}
