import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { ProcessRef, processesOf } from '../types/process.ts';

builder.queryField('processes', (t) =>
  t.field({
    type: [ProcessRef],
    description: 'The deployed processes, each with its versions and their statecharts.',
    errors: { types: GATE_ERRORS },
    resolve: async (_root, _args, ctx) => {
      authorize(ctx, 'processes');
      return processesOf(await ctx.prisma.processDefinition.findMany({ orderBy: { processId: 'asc' } }));
    },
  }),
);

builder.queryField('process', (t) =>
  t.field({
    type: ProcessRef,
    args: { id: t.arg.string({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      authorize(ctx, 'process');
      const [process] = processesOf(await ctx.prisma.processDefinition.findMany({ where: { processId: args.id } }));
      if (!process) throw new NotFoundError(`Le processus « ${args.id} » n’existe pas.`);
      return process;
    },
  }),
);
