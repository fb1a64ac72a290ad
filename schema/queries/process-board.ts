import { type BoardState, type ProcessBoard, processBoard } from '../../services/process-board.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { NotFoundError, toApiError } from '../errors.ts';
import { CaseRef } from '../types/case.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const BoardStateRef = builder.objectRef<BoardState>('BoardState').implement({
  description: 'One state of a process on its board.',
  fields: (t) => ({
    state: t.exposeString('state'),
    label: t.exposeString('label'),
    terminal: t.exposeBoolean('terminal'),
    count: t.exposeInt('count', { description: 'Cases in this state now.' }),
    overdue: t.exposeInt('overdue', { description: 'Of those, the ones past their step’s due date.' }),
    completedStays: t.exposeInt('completedStays', { description: 'Stays in this state that have ended.' }),
    meanSeconds: t.exposeFloat('meanSeconds', {
      nullable: true,
      description: 'Their mean length, in seconds (null when none has ended).',
    }),
  }),
});

const ProcessBoardRef = builder.objectRef<ProcessBoard>('ProcessBoard').implement({
  description: 'Where the cases of a process stand: counts by state, overdue cases, mean time per step.',
  fields: (t) => ({
    processId: t.exposeString('processId'),
    title: t.exposeString('title'),
    total: t.exposeInt('total'),
    open: t.exposeInt('open'),
    overdue: t.exposeInt('overdue'),
    states: t.field({ type: [BoardStateRef], resolve: (board) => board.states }),
    overdueCases: t.field({
      type: [CaseRef],
      description: 'Open cases past their step’s due date, the most overdue first (at most 50).',
      resolve: (board) => board.overdueCases,
    }),
  }),
});

builder.queryField('processBoard', (t) =>
  t.field({
    type: ProcessBoardRef,
    description: 'The board of a process, for those who steer it (ministry, ICAMO).',
    args: { processId: t.arg.string({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: (_root, args, ctx) => {
      const viewer = authorize(ctx, 'processBoard');
      return processBoard(ctx.prisma, viewer, args.processId).catch((error) => toApiError(error));
    },
  }),
);
