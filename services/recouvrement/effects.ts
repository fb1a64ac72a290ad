import { requireCases } from '../../activities/effects/linked-cases.ts';
import type { ActivityDependencies } from '../../activities/index.ts';
import { requireMail } from '../../activities/mail.ts';
import type { EmployerMessage } from '../../processes/recouvrement/rules.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { writeToEmployer } from './employer-mail.ts';
import { openOverdueLadders } from './ladder-cases.ts';

// The activities of the recouvrement's effects. Each is idempotent under its case, revision and
// position: the suspension's row has the case's id, mails their effect's key, cases their debt's key.

async function caseOf(deps: ActivityDependencies, effect: EffectRequest) {
  const row = await deps.prisma.case.findUnique({
    where: { id: effect.caseId },
    select: { organisationId: true, context: true },
  });
  if (!row?.organisationId) throw new Error(`Dossier « ${effect.caseId} » introuvable dans la base.`);
  return { ipmId: row.organisationId, context: row.context as Record<string, unknown> };
}

/** The suspension a ladder case writes: one, named after the case. */
export const suspensionIdOf = (caseId: string) => `recouvrement:${caseId}`;

export const RECOUVREMENT_EFFECT_IMPLEMENTATIONS = {
  async ouvrir_relances(deps: ActivityDependencies, effect: EffectRequest) {
    const cases = requireCases(deps);
    const { ipmId, context } = await caseOf(deps, effect);
    const batch = await deps.prisma.batch.findUnique({ where: { id: String(context.lot) } });
    // Retried with backoff until the calls are all issued: a debtor is known only then.
    if (batch && batch.finishedAt === null) throw new Error('Lot d’appels en cours : relances ouvertes à sa fin.');
    await openOverdueLadders(cases, { ipmId, parentCaseId: effect.caseId });
  },

  async relancer_employeur(deps: ActivityDependencies, effect: EffectRequest) {
    const { context } = await caseOf(deps, effect);
    await writeToEmployer(
      { prisma: deps.prisma, mail: requireMail(deps.mail) },
      {
        caseId: effect.caseId,
        revision: effect.revision,
        index: effect.index,
        employerId: String(context.employeurId),
        kind: effect.params.modele as EmployerMessage,
      },
    );
  },

  async suspendre_droits(deps: ActivityDependencies, effect: EffectRequest) {
    const { context } = await caseOf(deps, effect);
    const audit = await deps.prisma.auditEntry.findUnique({
      where: { caseId_revision: { caseId: effect.caseId, revision: effect.revision } },
      select: { at: true },
    });
    if (!audit) throw new Error(`Révision ${effect.revision} du dossier introuvable.`);
    // From the day the level is reached (Dakar time is UTC).
    await deps.prisma.$executeRaw`
      INSERT INTO "RightsSuspension" ("id", "employerId", "validFrom", "reason")
      VALUES (${suspensionIdOf(effect.caseId)}, ${String(context.employeurId)}, ${audit.at.toISOString().slice(0, 10)}::date, 'cotisations_impayees')
      ON CONFLICT ("id") DO NOTHING`;
  },

  async lever_suspension(deps: ActivityDependencies, effect: EffectRequest) {
    const { context } = await caseOf(deps, effect);
    const paidOn = String(context.datePaiement);
    const id = suspensionIdOf(effect.caseId);
    // Paid before the suspension began: it never applied. Else it ends on the payment's day.
    await deps.prisma.$executeRaw`
      DELETE FROM "RightsSuspension" WHERE "id" = ${id} AND "validTo" IS NULL AND "validFrom" >= ${paidOn}::date`;
    await deps.prisma.$executeRaw`
      UPDATE "RightsSuspension" SET "validTo" = ${paidOn}::date WHERE "id" = ${id} AND "validTo" IS NULL`;
  },
};
