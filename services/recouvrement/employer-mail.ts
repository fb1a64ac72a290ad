import { deliverMails } from '../../activities/deliver-mails.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import type { EmployerMessage } from '../../processes/recouvrement/rules.ts';
import { ROLES } from '../../processes/roles.ts';
import { loadCaseFacts } from '../case-facts.ts';
import type { MailSettings } from '../mail/settings.ts';
import { messageIdFor } from '../mail/settings.ts';
import { renderMessage, templateOf } from '../mail/templates/index.ts';

// A letter of the ladder to the employer: the users of its organisation (whose id is the Employer's)
// holding `employeur`. Recorded under the effect's key (case, revision, position, recipient, kind)
// before anything is sent, mail and notification in one transaction: a retried effect sends nothing
// twice. Nobody there: one notification `sans_destinataire`, so the gap is seen.

export async function writeToEmployer(
  deps: { prisma: PrismaClient; mail: MailSettings },
  request: { caseId: string; revision: number; index: number; employerId: string; kind: EmployerMessage },
): Promise<void> {
  const { prisma, mail } = deps;
  const facts = await loadCaseFacts(prisma, request.caseId, request.revision);
  const users = await prisma.user.findMany({
    where: { organisationId: request.employerId, active: true, roles: { has: 'employeur' } },
    select: { id: true, email: true, displayName: true },
    orderBy: { id: 'asc' },
  });
  const template = templateOf(request.kind);
  if (!template) throw new Error(`Modèle de message inconnu « ${request.kind} ».`);
  const link = `${mail.publicUrl}/cotisations`;
  const recipients = users.length > 0 ? users : [null];
  const rows = recipients.map((user) => {
    const key = `${request.caseId}:${request.revision}:${request.index}:${user?.id ?? 'aucun-employeur'}:${request.kind}`;
    const data = {
      facts,
      recipientName: user?.displayName ?? 'Madame, Monsieur',
      recipientRoleLabel: ROLES.employeur,
      actions: [],
      dueAt: null,
      link,
    };
    return { key, user, message: renderMessage(data, template(data)) };
  });
  const mailIds = await prisma.$transaction(async (tx) => {
    const sendable = rows.filter((r) => r.user);
    await tx.mailMessage.createMany({
      data: sendable.map(({ key, user, message }) => ({
        key,
        messageId: messageIdFor(key, mail.from),
        toAddress: user?.email as string,
        toName: user?.displayName ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html,
      })),
      skipDuplicates: true,
    });
    const mails = await tx.mailMessage.findMany({
      where: { key: { in: sendable.map((r) => r.key) } },
      select: { id: true, key: true },
    });
    const mailOf = new Map(mails.map((m) => [m.key, m.id]));
    await tx.notification.createMany({
      data: rows.map(({ key, user, message }) => ({
        key,
        caseId: request.caseId,
        revision: request.revision,
        kind: request.kind,
        recipientRole: 'employeur',
        recipientUserId: user?.id ?? null,
        recipientEmail: user?.email ?? null,
        status: user ? 'a_envoyer' : 'sans_destinataire',
        subject: message.subject,
        summary: message.summary,
        link,
        mailId: mailOf.get(key) ?? null,
      })),
      skipDuplicates: true,
    });
    return mails.map((m) => m.id);
  });
  await deliverMails(prisma, mail, mailIds);
}
