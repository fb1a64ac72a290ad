import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../../prisma/client.ts';
import type { CaseServiceContext } from '../../services/context.ts';
import { SiamoError } from '../../services/errors.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { fieldsOf, requireCases, sendLinkedEvent } from './linked-cases.ts';

/**
 * The `transmettre_aux_dependants` effect: sends `evenement` to every open case of the same process and
 * organisation whose list `liste` has an item whose `cle` is this case's `valeur` (the projects still
 * waiting for this one). Each update's id is the effect's key and the dependent's id, so a retry lands
 * once; a dependent that has meanwhile closed or no longer waits refuses it, which is noted, and the
 * others are still told.
 */
export async function sendToDependents(
  deps: { prisma: PrismaClient; cases?: CaseServiceContext },
  effect: EffectRequest,
): Promise<void> {
  const cases = requireCases(deps);
  const source = await deps.prisma.case.findUnique({
    where: { id: effect.caseId },
    select: { processId: true, organisationId: true, context: true },
  });
  if (!source) throw new Error(`Dossier « ${effect.caseId} » introuvable dans la base.`);
  const [liste, cle, valeur, evenement] = ['liste', 'cle', 'valeur', 'evenement'].map((name) =>
    String(effect.params[name]),
  ) as [string, string, string, string];
  const value = (source.context as Record<string, unknown>)[valeur];
  if (value === undefined || value === null || value === '')
    throw ApplicationFailure.nonRetryable(
      `Le dossier « ${effect.caseId} » n’a pas de valeur « ${valeur} » à annoncer.`,
    );
  const member = JSON.stringify([{ [cle]: value }]);
  const dependents = await deps.prisma.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Case"
    WHERE "processId" = ${source.processId} AND "organisationId" IS NOT DISTINCT FROM ${source.organisationId}
      AND NOT "terminal" AND "id" <> ${effect.caseId} AND "context" -> ${liste} @> ${member}::jsonb
    ORDER BY "id"`;
  const request = {
    event: evenement,
    input: fieldsOf(source.context, effect.params.donnees),
    fromCaseId: effect.caseId,
  };
  for (const { id } of dependents) {
    try {
      await sendLinkedEvent(cases, id, request, `lien:${effect.caseId}:${effect.revision}:${effect.index}:${id}`);
    } catch (error) {
      // That case refuses (closed meanwhile): retrying would not change it, and the others must still hear.
      if (error instanceof SiamoError) {
        log.warn('Dossier dépendant non prévenu', { from: effect.caseId, to: id, reason: error.message });
        continue;
      }
      throw error;
    }
  }
}
