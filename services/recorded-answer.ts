import type { PrismaClient } from '../prisma/client.ts';
import type { TransitionResult } from '../workflows/types.ts';
import { engineFor } from './definition-engines.ts';

/**
 * The answer a request id already had, from the audit trail: what a retried event gets once its case
 * has closed (its workflow, completed, can no longer answer). Null when no transition of the case was
 * made under that id. The case being closed, it offers no events any more.
 */
export async function recordedAnswer(
  prisma: PrismaClient,
  caseId: string,
  requestId: string,
): Promise<TransitionResult | null> {
  const entry = await prisma.auditEntry.findFirst({
    where: { caseId, requestId },
    orderBy: { revision: 'asc' },
    select: {
      revision: true,
      at: true,
      fromState: true,
      toState: true,
      definitionVersion: true,
      case: { select: { processId: true, revision: true, enteredAt: true, dueAt: true, terminal: true } },
    },
  });
  if (!entry) return null;
  const { case: kase } = entry;
  const latest = kase.revision === entry.revision;
  const engine = await engineFor(prisma, kase.processId, entry.definitionVersion);
  return {
    caseId,
    processId: kase.processId,
    version: entry.definitionVersion,
    state: entry.toState,
    stateLabel: engine?.stateLabel(entry.toState) ?? entry.toState,
    terminal: latest ? kase.terminal : (engine?.isTerminal(entry.toState) ?? false),
    revision: entry.revision,
    // The step's start and due date as the case row holds them when this was its last transition;
    // for an earlier one, the moment of the transition (its due date is no longer of use).
    enteredAt: (latest ? kase.enteredAt : entry.at).toISOString(),
    dueAt: latest && kase.dueAt ? kase.dueAt.toISOString() : null,
    availableEvents: [],
    repeated: true,
  };
}
