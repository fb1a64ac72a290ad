import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../../prisma/client.ts';
import type { CaseServiceContext } from '../../services/context.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { fieldsOf, finalOnRefusal, requireCases, sendLinkedEvent } from './linked-cases.ts';

/**
 * The `transmettre` effect: sends `evenement` to the case that opened this one, with this case's
 * data named by `donnees`. The update id is the effect's key, so a retry lands once.
 */
export async function sendToParent(
  deps: { prisma: PrismaClient; cases?: CaseServiceContext },
  effect: EffectRequest,
): Promise<void> {
  const cases = requireCases(deps);
  const child = await deps.prisma.case.findUnique({
    where: { id: effect.caseId },
    select: { parentId: true, context: true },
  });
  if (!child) throw new Error(`Dossier « ${effect.caseId} » introuvable dans la base.`);
  if (!child.parentId)
    throw ApplicationFailure.nonRetryable(`Le dossier « ${effect.caseId} » n’a pas de dossier parent à prévenir.`);
  const request = {
    event: String(effect.params.evenement),
    input: fieldsOf(child.context, effect.params.donnees),
    fromCaseId: effect.caseId,
  };
  // The parent refuses (closed, or not in a state that expects it): retrying would not change that.
  await finalOnRefusal(
    sendLinkedEvent(cases, child.parentId, request, `lien:${effect.caseId}:${effect.revision}:${effect.index}`),
  );
}
