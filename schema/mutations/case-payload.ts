import { builder } from '../builder.ts';
import { planned } from '../planned-query.ts';
import { CaseRef } from '../types/case.ts';

/** A mutation's answer about a case: the case read back from the projection, already showing the change. */
export const CasePayload = builder.objectRef<{ caseId: string; created?: boolean }>('CasePayload').implement({
  fields: (t) => ({
    case: t.prismaField({
      type: CaseRef,
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.case.findUniqueOrThrow({ ...planned(query), where: { id: payload.caseId } }),
    }),
  }),
});
