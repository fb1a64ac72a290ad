import { lastPortfolioImport, readPortfolio } from '../../services/portfolio/read-portfolio.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { PortfolioRef } from './types.ts';

builder.queryField('portfolio', (t) =>
  t.field({
    type: PortfolioRef,
    description:
      'The master plan’s portfolio (SDSI), read from the projects’ cases: plans, states, progress, slippage, ' +
      'milestones, budget, and the last import’s report. For national steering: ICAMO and the ministry.',
    args: {
      asOf: t.arg.string({
        description: 'The day the situation describes (YYYY-MM-DD); today in Dakar by default.',
      }),
    },
    errors: { types: GATE_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'portfolio');
      const asOf = args.asOf && /^\d{4}-\d{2}-\d{2}$/.test(args.asOf) ? args.asOf : undefined;
      return {
        view: await readPortfolio(ctx.prisma, viewer, { asOf }),
        lastImport: () => lastPortfolioImport(ctx.prisma, viewer),
      };
    },
  }),
);
