import type { PrismaClient } from '../../prisma/client.ts';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { memberCard } from '../../services/enrolment/member-card.ts';
import { workforceCsvTemplate, workforceXlsxTemplate } from '../../services/enrolment/workforce-template.ts';
import { SiamoError } from '../../services/errors.ts';
import { authorizeRequest, sendJson } from '../http/request-viewer.ts';

// The enrolment's plain HTTP routes, behind the same cookie or bearer token and permissions table as
// the API:
// - `GET /cartes/<beneficiary id>.docx|.pdf`: a participant's or dependant's member card, made afresh
//   from the register (services/enrolment/member-card.ts decides who may have it). Ids only in the
//   address: never a NIN, a name or a card number.
// - `GET /effectifs/modele.csv|.xlsx`: the workforce file's template (docs/enrolment-template.md).

const CARD = /^\/cartes\/([\w-]{1,64})\.(docx|pdf)$/;
const TEMPLATE = /^\/effectifs\/modele\.(csv|xlsx)$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const download = (mimeType: string, name: string, length: number) => ({
  'content-type': mimeType,
  'content-length': length,
  'content-disposition': `attachment; filename="${name}"`,
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-store',
});

export function enrolmentRoutes(options: { prisma: PrismaClient }): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://siamo');
    const card = CARD.exec(url.pathname);
    const template = TEMPLATE.exec(url.pathname);
    if (!card && !template) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { erreur: 'Seule la lecture (GET) est possible à cette adresse.' }, { allow: 'GET, HEAD' });
      return true;
    }
    if (template) {
      const viewer = await authorizeRequest(
        options.prisma,
        req,
        res,
        'workforceTemplate',
        'Votre rôle ne permet pas de télécharger le modèle du fichier des effectifs.',
      );
      if (!viewer) return true;
      const xlsx = template[1] === 'xlsx';
      const body = xlsx ? await workforceXlsxTemplate() : Buffer.from(workforceCsvTemplate(), 'utf8');
      res.writeHead(
        200,
        download(xlsx ? XLSX : 'text/csv; charset=utf-8', `modele-effectifs.${xlsx ? 'xlsx' : 'csv'}`, body.length),
      );
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    const viewer = await authorizeRequest(
      options.prisma,
      req,
      res,
      'memberCard',
      'Votre rôle ne permet pas de télécharger une carte d’assuré.',
    );
    if (!viewer) return true;
    try {
      const file = await memberCard(options.prisma, viewer, card?.[1] ?? '', card?.[2] === 'pdf' ? 'pdf' : 'docx');
      res.writeHead(200, download(file.mimeType, file.name, file.content.length));
      res.end(req.method === 'HEAD' ? undefined : file.content);
    } catch (error) {
      if (!(error instanceof SiamoError) || error.code !== 'introuvable') throw error;
      sendJson(res, 404, { erreur: error.message });
    }
    return true;
  };
}
