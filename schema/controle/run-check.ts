import { type CheckAnswer, type CheckChannel, checkRights } from '../../services/controle/check-rights.ts';
import type { Viewer } from '../../services/viewer.ts';
import type { ApiServices } from '../context.ts';

// One check for one signed-in provider agent (or its software's token), whichever interface asked: the
// provider is the viewer's organisation, never a field of the request.

export interface CheckInput {
  cardNumber?: string | null;
  nin?: string | null;
  date?: string | null;
  acts?: readonly string[] | null;
}

export const runCheck = (
  ctx: { services: ApiServices },
  viewer: Viewer,
  channel: CheckChannel,
  input: CheckInput,
): Promise<CheckAnswer> =>
  checkRights(
    {
      prisma: ctx.services.cases.prisma,
      dataKeys: ctx.services.dataKeys,
      settingOverrides: ctx.services.cases.settingOverrides,
      mail: ctx.services.mail,
      db: ctx.services.checkDb,
    },
    {
      actorId: viewer.userId,
      providerOrganisationId: viewer.organisationId,
      channel,
      cardNumber: input.cardNumber,
      nin: input.nin,
      date: input.date,
      acts: input.acts,
    },
  );
