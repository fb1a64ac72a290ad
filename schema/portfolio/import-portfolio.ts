import { importPortfolio } from '../../services/portfolio/import-portfolio.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { importReportOf, PortfolioImportRef } from './types.ts';

builder.mutationField('importPortfolio', (t) =>
  t.field({
    type: PortfolioImportRef,
    description:
      'Imports the master plan’s portfolio file (GraphQL multipart request: semicolon-separated, UTF-8, the ' +
      'plan’s header) into your organisation: a case is opened for each project that has none; a project that ' +
      'has one is left as it is, and where the file’s plan differs the report says so. What the file cannot ' +
      'give is reported line by line. The same file twice changes nothing.',
    args: { file: t.arg({ type: 'File', required: true }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'importPortfolio');
      if (args.file.size > ctx.services.uploadMaxBytes)
        throw new InvalidInputError('Le fichier est trop volumineux.', { file: 'Fichier trop volumineux.' });
      const result = await importPortfolio(ctx.services.cases, {
        file: new Uint8Array(await args.file.arrayBuffer()),
        fileName: args.file.name || 'portefeuille.csv',
        organisationId: viewer.organisationId,
        actor: { id: viewer.userId, role: 'pilotage_icamo' },
      });
      return importReportOf(result);
    },
  }),
);
