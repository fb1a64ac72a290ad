import type { PrismaClient } from '../../prisma/client.ts';
import { type DeliveryOutcome, deliverMail } from './deliver.ts';
import type { MailSettings } from './settings.ts';

/**
 * Sends again, at an operator's request, a mail that failed after its last try or that no attempt is
 * left to send (its activity gave up while the database was away). One try: on failure it shows as
 * failed again. A mail being sent now is left to that attempt; a sent one is not sent twice.
 */
export async function resendMail(
  prisma: PrismaClient,
  settings: MailSettings,
  mailId: bigint,
): Promise<DeliveryOutcome> {
  await prisma.$transaction([
    prisma.mailMessage.updateMany({ where: { id: mailId, status: 'echec' }, data: { status: 'a_envoyer' } }),
    prisma.notification.updateMany({ where: { mailId, status: 'echec' }, data: { status: 'a_envoyer' } }),
  ]);
  return deliverMail(prisma, settings, mailId, { lastAttempt: true });
}

/** Mails not sent after `olderThanMs`: failed, or left waiting — what an administrator should look at. */
export function undeliveredMail(prisma: PrismaClient, olderThanMs = 3600_000) {
  return prisma.mailMessage.findMany({
    where: { status: { not: 'envoye' }, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: {
      id: true,
      toAddress: true,
      subject: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
    },
    orderBy: { createdAt: 'asc' },
  });
}
