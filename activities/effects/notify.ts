import type { PrismaClient } from '../../prisma/client.ts';
import type { EffectRequest } from '../../workflows/types.ts';

/**
 * Records the notification a transition asks for, once per recipient role. The key makes a retried
 * or replayed effect land once; the mail channel delivers what is recorded here.
 */
export async function notify(prisma: PrismaClient, effect: EffectRequest): Promise<void> {
  const kind = String(effect.params.modele);
  const roles = effect.params.destinataires as string[];
  await prisma.notification.createMany({
    data: roles.map((recipientRole) => ({
      key: `${effect.caseId}:${effect.revision}:${effect.index}:${recipientRole}`,
      caseId: effect.caseId,
      revision: effect.revision,
      kind,
      recipientRole,
    })),
    skipDuplicates: true,
  });
}
