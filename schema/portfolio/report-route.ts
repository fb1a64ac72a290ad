import type { PrismaClient } from '../../prisma/client.ts';
import type { RequestHandler } from '../../runtime/http-server.ts';
import { portfolioReportOf, readPortfolio } from '../../services/portfolio/read-portfolio.ts';
import { buildPortfolioReport } from '../../services/portfolio/report-document.ts';
import { authorizeRequest, sendJson } from '../http/request-viewer.ts';

export const PORTFOLIO_REPORT_PATH = '/portefeuille/rapport.docx';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * `GET /portefeuille/rapport.docx`: the steering committee's progress report on the portfolio, as it
 * stands now (Word, on ICAMO's letterhead), for whoever may read the portfolio — same cookie or bearer
 * token, same permissions table as the API. Made afresh at each request: a snapshot of the day, not a
 * registered document (it carries no number).
 */
export function portfolioReportRoute(options: { prisma: PrismaClient }): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://siamo');
    if (url.pathname !== PORTFOLIO_REPORT_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { erreur: 'Seule la lecture (GET) est possible à cette adresse.' }, { allow: 'GET, HEAD' });
      return true;
    }
    const viewer = await authorizeRequest(
      options.prisma,
      req,
      res,
      'portfolioReport',
      'Votre rôle ne permet pas de télécharger le rapport du portefeuille.',
    );
    if (!viewer) return true;
    const issuedAt = new Date();
    const view = await readPortfolio(options.prisma, viewer);
    const document = await buildPortfolioReport(portfolioReportOf(view, issuedAt));
    const name = `rapport-portefeuille-sdsi-${view.asOf}.docx`;
    res.writeHead(200, {
      'content-type': DOCX,
      'content-length': document.length,
      'content-disposition': `attachment; filename="${name}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : document);
    return true;
  };
}
