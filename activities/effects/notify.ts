import type { NotificationKind } from '../../processes/effects.ts';
import type { Role } from '../../processes/roles.ts';
import { recordNotifications } from '../../services/mail/record.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { deliverMails } from '../deliver-mails.ts';
import type { MailDependencies } from '../mail.ts';

/**
 * The `notifier` effect: records one message per holder of the `destinataires` roles — or, with
 * `responsable`, for the person the case is assigned to while there is one (key: case,
 * revision, effect position, recipient, kind), then sends those wanted at once. A retried or replayed
 * effect records nothing twice and sends nothing twice (see services/mail/deliver.ts).
 */
export async function notify(deps: MailDependencies, effect: EffectRequest): Promise<void> {
  const mailIds = await recordNotifications(deps.prisma, deps.mail, {
    caseId: effect.caseId,
    revision: effect.revision,
    // The engine's own reminders name their occasion and deadline; a definition's effect is known
    // by its position in the transition.
    occasion: typeof effect.params.occasion === 'string' ? effect.params.occasion : String(effect.index),
    kind: effect.params.modele as NotificationKind,
    recipients:
      effect.params.responsable === true
        ? { assigneeOr: effect.params.destinataires as Role[] }
        : { roles: effect.params.destinataires as Role[] },
    ...(typeof effect.params.echeance === 'string' ? { dueAt: new Date(effect.params.echeance) } : {}),
    ...(typeof effect.params.objet === 'string' && typeof effect.params.jour === 'string'
      ? { subject: { label: effect.params.objet, day: effect.params.jour } }
      : {}),
  });
  await deliverMails(deps.prisma, deps.mail, mailIds);
}
