import type { PrismaClient } from '../../prisma/client.ts';
import { type MailSettings, messageIdFor } from './settings.ts';
import { renderDigest } from './templates/digest.ts';

/** The people with notifications waiting for their daily digest. */
export async function pendingDigestRecipients(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.notification.findMany({
    where: { status: 'en_attente_resume', mailId: null, recipientUserId: { not: null } },
    distinct: ['recipientUserId'],
    select: { recipientUserId: true },
  });
  return rows.map((r) => r.recipientUserId as string);
}

/**
 * Gathers what waits for one person's digest into one mail, recorded before it is sent like any other.
 * `runKey` names the digest run (the scheduled workflow's id): a retried or replayed run finds the
 * mail it already made instead of making a second one. Returns the mail to deliver, or null when
 * there is nothing to say.
 */
export async function prepareDigest(
  prisma: PrismaClient,
  settings: Pick<MailSettings, 'from' | 'publicUrl'>,
  request: { userId: string; runKey: string },
): Promise<bigint | null> {
  const key = `resume:${request.userId}:${request.runKey}`;
  return prisma.$transaction(async (tx) => {
    const made = await tx.mailMessage.findUnique({ where: { key }, select: { id: true } });
    if (made) return made.id;
    // SKIP LOCKED: two runs at once (an operator's manual trigger) share the items, never repeat them.
    const items = await tx.$queryRaw<{ id: bigint; subject: string; summary: string; link: string; createdAt: Date }[]>`
      SELECT "id", "subject", "summary", "link", "createdAt" FROM "Notification"
       WHERE "recipientUserId" = ${request.userId} AND "status" = 'en_attente_resume' AND "mailId" IS NULL
       ORDER BY "createdAt", "id"
       FOR UPDATE SKIP LOCKED`;
    if (items.length === 0) return null;
    const ids = items.map((i) => i.id);
    const user = await tx.user.findFirst({ where: { id: request.userId, active: true } });
    if (!user) {
      // The person left: nobody to tell any more, and that is what the case's history shows.
      await tx.notification.updateMany({ where: { id: { in: ids } }, data: { status: 'sans_destinataire' } });
      return null;
    }
    const content = renderDigest({
      recipientName: user.displayName,
      day: new Date(),
      portalUrl: settings.publicUrl,
      items: items.map((i) => ({ subject: i.subject, summary: i.summary, link: i.link, at: i.createdAt })),
    });
    const mail = await tx.mailMessage.create({
      data: {
        key,
        messageId: messageIdFor(key, settings.from),
        toAddress: user.email,
        toName: user.displayName,
        ...content,
      },
      select: { id: true },
    });
    await tx.notification.updateMany({ where: { id: { in: ids } }, data: { mailId: mail.id, status: 'a_envoyer' } });
    return mail.id;
  });
}
