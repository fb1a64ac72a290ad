import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../../prisma/client.ts';
import type { CaseServiceContext } from '../../services/context.ts';
import { SiamoError } from '../../services/errors.ts';
import { toSiamoError } from '../../services/temporal-errors.ts';
import { linkedEventUpdate } from '../../workflows/messages.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { fieldsOf, requireCases } from './linked-cases.ts';

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
  try {
    await cases.temporal.workflow
      .getHandle(child.parentId)
      .executeUpdate(linkedEventUpdate, {
        args: [request],
        updateId: `lien:${effect.caseId}:${effect.revision}:${effect.index}`,
      })
      .catch((error: unknown) => toSiamoError(error, child.parentId as string));
  } catch (error) {
    // The parent refuses (closed, or not in a state that expects it): retrying would not change that.
    if (error instanceof SiamoError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}
