import type { PrismaClient } from '../../prisma/client.ts';
import type { NotificationKind } from '../../processes/effects.ts';
import { isRole, ROLES } from '../../processes/roles.ts';
import { actionsFor, loadCaseFacts } from '../case-facts.ts';
import { deliveryModes } from './preferences.ts';
import { type RecipientSpec, resolveRecipients } from './recipients.ts';
import { caseLink, type MailSettings, messageIdFor } from './settings.ts';
import { renderMessage, templateOf } from './templates/index.ts';

export interface NotificationRequest {
  caseId: string;
  /** The transition that asks for the message (for a reminder: the one that entered the late step). */
  revision: number;
  /** What in that transition asks for it: the effect's position, or the name of an SLA reminder. */
  occasion: string;
  kind: NotificationKind;
  recipients: RecipientSpec;
  /** The deadline the message names; by default the step's due date, while the case is in that step. */
  dueAt?: Date | null;
  /** What is due and on which day (YYYY-MM-DD), when the message is about one thing of the case. */
  subject?: { label: string; day: string } | null;
  /** Where the message leads, when not to the case's page (the IPM's page of a provider's PEC). */
  link?: string;
}

/**
 * Records one notification per recipient, with the mail that carries it when the recipient wants it
 * at once, before anything is sent. The key — case, revision, occasion, recipient, kind — makes a
 * retried or replayed request land once. Returns the mails to deliver (some may be sent already).
 */
export async function recordNotifications(
  prisma: PrismaClient,
  settings: Pick<MailSettings, 'from' | 'publicUrl'>,
  request: NotificationRequest,
): Promise<bigint[]> {
  const facts = await loadCaseFacts(prisma, request.caseId, request.revision);
  const recipients = await resolveRecipients(prisma, facts, request.recipients);
  const modes = await deliveryModes(
    prisma,
    recipients.flatMap((r) => (r.user ? [r.user.id] : [])),
    request.kind,
  );
  const link = request.link ?? caseLink(settings.publicUrl, request.caseId);
  const dueAt = request.dueAt === undefined ? facts.dueAt : request.dueAt;

  const rows = recipients.map((recipient) => {
    const who = recipient.user?.id ?? `aucun-${recipient.role}`;
    const key = `${request.caseId}:${request.revision}:${request.occasion}:${who}:${request.kind}`;
    const data = {
      facts,
      recipientName: recipient.user?.displayName ?? 'Madame, Monsieur',
      recipientRoleLabel: isRole(recipient.role) ? ROLES[recipient.role] : recipient.role,
      actions: isRole(recipient.role) ? actionsFor(facts, [recipient.role]) : [],
      dueAt,
      link,
      subject: request.subject ?? null,
    };
    const template = templateOf(request.kind);
    if (!template) throw new Error(`Modèle de message inconnu « ${request.kind} » : aucun domaine ne le fournit.`);
    const message = renderMessage(data, template(data));
    const delivery = recipient.user ? (modes.get(recipient.user.id) ?? 'immediat') : 'immediat';
    return { key, recipient, message, delivery };
  });
  const keys = rows.map((r) => r.key);

  return prisma.$transaction(async (tx) => {
    const existing = new Set(
      (await tx.notification.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((n) => n.key),
    );
    const fresh = rows.filter((r) => !existing.has(r.key));
    const immediate = fresh.filter((r) => r.recipient.user && r.delivery === 'immediat');
    await tx.mailMessage.createMany({
      data: immediate.map(({ key, recipient, message }) => ({
        key,
        messageId: messageIdFor(key, settings.from),
        toAddress: recipient.user?.email as string,
        toName: recipient.user?.displayName ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html,
      })),
      skipDuplicates: true,
    });
    const mails = await tx.mailMessage.findMany({
      where: { key: { in: immediate.map((r) => r.key) } },
      select: { id: true, key: true },
    });
    const mailOf = new Map(mails.map((m) => [m.key, m.id]));
    await tx.notification.createMany({
      data: fresh.map(({ key, recipient, message, delivery }) => ({
        key,
        caseId: request.caseId,
        revision: request.revision,
        kind: request.kind,
        recipientRole: recipient.role,
        recipientUserId: recipient.user?.id ?? null,
        recipientEmail: recipient.user?.email ?? null,
        delivery,
        status: !recipient.user ? 'sans_destinataire' : delivery === 'resume' ? 'en_attente_resume' : 'a_envoyer',
        subject: message.subject,
        summary: message.summary,
        link,
        mailId: mailOf.get(key) ?? null,
      })),
      skipDuplicates: true,
    });
    const recorded = await tx.notification.findMany({
      where: { key: { in: keys }, mailId: { not: null }, delivery: 'immediat' },
      select: { mailId: true },
    });
    return recorded.map((n) => n.mailId as bigint);
  });
}
