import { assignCase } from '../../services/assign-case.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { CasePayload } from './case-payload.ts';

builder.mutationField('assignCase', (t) =>
  t.field({
    type: CasePayload,
    description:
      'Gives a case to a person of your organisation who can see it (null: to nobody). Managers only: ' +
      'IPM gérant, ministry director, ICAMO steering.',
    args: {
      caseId: t.arg.id({ required: true }),
      assigneeId: t.arg.id({ description: 'Null or absent: the case is no longer assigned.' }),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'assignCase');
      const caseId = String(args.caseId);
      const kase = await assignCase(ctx.prisma, {
        viewer,
        caseId,
        assigneeId: args.assigneeId ? String(args.assigneeId) : null,
      }).catch((error) => toApiError(error));
      return { caseId: kase.id };
    },
  }),
);
