import type { PrismaClient } from '../../prisma/client.ts';
import type { NumberSequence } from '../../processes/effects.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { CaseServiceContext } from '../../services/context.ts';
import { issueNumber } from '../../services/issued-numbers.ts';
import { startCase } from '../../services/start-case.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { fieldsOf, finalOnRefusal, requireCases } from './linked-cases.ts';

/**
 * The `ouvrir_dossier` effect: opens a case of `processus` whose parent is the current case, with the
 * current case's data named by `donnees`. Its business key is the number it is given (`numero`), or
 * the parent's key and revision: either way the same on every retry, so the case opens once.
 */
export async function openLinkedCase(
  deps: { prisma: PrismaClient; cases?: CaseServiceContext },
  effect: EffectRequest,
): Promise<void> {
  const cases = requireCases(deps);
  const parent = await deps.prisma.case.findUnique({
    where: { id: effect.caseId },
    select: { businessKey: true, organisationId: true, context: true },
  });
  if (!parent) throw new Error(`Dossier « ${effect.caseId} » introuvable dans la base.`);
  const input = fieldsOf(parent.context, effect.params.donnees);
  let businessKey = `${parent.businessKey}-${effect.revision}`;
  if (typeof effect.params.numero === 'string') {
    const key = `${effect.caseId}:${effect.revision}:${effect.index}`;
    businessKey = await issueNumber(deps.prisma, key, effect.params.numero as NumberSequence);
    input.numero = businessKey;
  }
  await finalOnRefusal(
    startCase(cases, {
      processId: String(effect.params.processus),
      businessKey,
      organisationId: parent.organisationId,
      actor: SYSTEM_ACTOR,
      input,
      parentCaseId: effect.caseId,
    }),
  );
}
