import { requireCases } from '../../activities/effects/linked-cases.ts';
import type { ActivityDependencies } from '../../activities/index.ts';
import { requireMail } from '../../activities/mail.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { openOverdueMemberLadders } from './member-ladder-cases.ts';
import { writeLadderMail } from './member-ladder-mail.ts';

// The activities of the member's ladder's effects, and of its daily run. Each effect is idempotent
// under its case, revision and position: the suspension's row has the case's id, mails their
// effect's key.

async function participantOf(deps: ActivityDependencies, effect: EffectRequest): Promise<string> {
  const row = await deps.prisma.case.findUnique({ where: { id: effect.caseId }, select: { context: true } });
  const participantId = (row?.context as Record<string, unknown> | undefined)?.participantId;
  if (typeof participantId !== 'string') throw new Error(`Dossier « ${effect.caseId} » introuvable dans la base.`);
  return participantId;
}

/** The suspension a ladder case writes: one, named after the case. */
export const memberSuspensionIdOf = (caseId: string) => `quote-parts:${caseId}`;

const mailTo = (to: 'member' | 'employer') => async (deps: ActivityDependencies, effect: EffectRequest) => {
  const participantId = await participantOf(deps, effect);
  await writeLadderMail(
    { prisma: deps.prisma, mail: requireMail(deps.mail) },
    {
      caseId: effect.caseId,
      revision: effect.revision,
      index: effect.index,
      participantId,
      kind: to === 'member' ? String(effect.params.modele) : 'retenue_salaire_quote_parts',
      to,
    },
  );
};

export const QUOTE_PARTS_EFFECT_IMPLEMENTATIONS = {
  relancer_assure: mailTo('member'),
  demander_retenue_salaire: mailTo('employer'),

  async suspendre_droits_assure(deps: ActivityDependencies, effect: EffectRequest) {
    const participantId = await participantOf(deps, effect);
    const audit = await deps.prisma.auditEntry.findUnique({
      where: { caseId_revision: { caseId: effect.caseId, revision: effect.revision } },
      select: { at: true },
    });
    if (!audit) throw new Error(`Révision ${effect.revision} du dossier introuvable.`);
    // From the day the level is reached (Dakar time is UTC).
    await deps.prisma.$executeRaw`
      INSERT INTO "RightsSuspension" ("id", "participantId", "validFrom", "reason")
      VALUES (${memberSuspensionIdOf(effect.caseId)}, ${participantId}, ${audit.at.toISOString().slice(0, 10)}::date, 'quote_parts_impayees')
      ON CONFLICT ("id") DO NOTHING`;
  },

  async lever_suspension_assure(deps: ActivityDependencies, effect: EffectRequest) {
    const row = await deps.prisma.case.findUnique({ where: { id: effect.caseId }, select: { context: true } });
    const paidOn = String((row?.context as Record<string, unknown> | undefined)?.datePaiement);
    const id = memberSuspensionIdOf(effect.caseId);
    // Paid before the suspension began: it never applied. Else it ends on the payment's day.
    await deps.prisma.$executeRaw`
      DELETE FROM "RightsSuspension" WHERE "id" = ${id} AND "validTo" IS NULL AND "validFrom" >= ${paidOn}::date`;
    await deps.prisma.$executeRaw`
      UPDATE "RightsSuspension" SET "validTo" = ${paidOn}::date WHERE "id" = ${id} AND "validTo" IS NULL`;
  },
};

/** The daily run's activity (workflows/member-ladder-workflow.ts): a day in, a count out. */
export function createMemberLadderActivities(deps: ActivityDependencies) {
  return {
    openOverdueMemberLadders: (request: { day: string }): Promise<number> =>
      openOverdueMemberLadders(requireCases(deps), { today: request.day }),
  };
}

export type MemberLadderActivities = ReturnType<typeof createMemberLadderActivities>;
