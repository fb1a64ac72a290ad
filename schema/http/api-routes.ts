import type { RequestHandler } from '../../runtime/http-server.ts';
import { type ApiOptions, createGraphqlApi } from '../api.ts';
import type { ApiServices } from '../context.ts';
import { rightsCheckRoutes } from '../controle/http-routes.ts';
import { enrolmentRoutes } from '../enrolment/http-routes.ts';
import { portfolioReportRoute } from '../portfolio/report-route.ts';
import { referentialCsvRoutes } from '../referentials/csv-routes.ts';
import { codecRoute } from './codec-route.ts';
import { documentRoute } from './document-route.ts';
import { graphqlRoute } from './graphql-route.ts';

/** The API's HTTP routes, for startHttpServer: `/graphql`, `/documents/<id>` the portfolio's report and the codec endpoint. */
export function apiRoutes(services: ApiServices, options: ApiOptions): RequestHandler[] {
  const api = createGraphqlApi(services, options);
  return [
    graphqlRoute(api, { uploadMaxBytes: services.uploadMaxBytes }),
    documentRoute({ prisma: services.cases.prisma, dataDir: services.dataDir }),
    portfolioReportRoute({ prisma: services.cases.prisma }),
    referentialCsvRoutes({ prisma: services.cases.prisma }),
    rightsCheckRoutes(services),
    enrolmentRoutes({ prisma: services.cases.prisma }),
    ...(services.payloadCodec ? [codecRoute({ prisma: services.cases.prisma, ...services.payloadCodec })] : []),
  ];
}
