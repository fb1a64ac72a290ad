import { deliverMails } from '../../activities/deliver-mails.ts';
import { requireMail } from '../../activities/mail.ts';
import type { EffectImplementation } from '../domain-services.ts';
import { recordNotifications } from '../mail/record.ts';

/** The page where the IPM's people read and decide one request made to their IPM (by its case's id). */
export const ipmPecLink = (publicUrl: string, caseId: string): string =>
  `${publicUrl}/ipm/pec/${caseId.split('/').map(encodeURIComponent).join('/')}`;

/**
 * The `notifier_ipm` effect: the case is the provider's, so the engine's `notifier` would reach the
 * provider; this one writes to the agents and the gérant of the request's IPM, through the mail path
 * of every notification (recorded under the key case, revision, effect position, recipient, kind —
 * a retried or replayed effect records and sends nothing twice).
 */
export const notifyIpm: EffectImplementation = async ({ prisma, mail }, effect) => {
  const settings = requireMail(mail);
  const request = await prisma.pecRequest.findUnique({
    where: { caseId: effect.caseId },
    select: { ipmId: true },
  });
  if (!request) throw new Error(`Aucune demande de prise en charge pour le dossier ${effect.caseId}.`);
  const mailIds = await recordNotifications(prisma, settings, {
    caseId: effect.caseId,
    revision: effect.revision,
    occasion: String(effect.index),
    kind: String(effect.params.modele),
    recipients: { roles: ['agent_ipm', 'gerant_ipm'], organisationId: request.ipmId },
    link: ipmPecLink(settings.publicUrl, effect.caseId),
  });
  await deliverMails(prisma, settings, mailIds);
};
