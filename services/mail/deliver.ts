import type { PrismaClient } from '../../prisma/client.ts';
import { DEFAULT_LEASE_MS, type MailSettings } from './settings.ts';
import { maskAddresses, smtpFailureCodes } from './smtp-failure.ts';

export type DeliveryOutcome = 'envoye' | 'deja_envoye' | 'echec';

/** Another attempt holds the message's lease: it is being sent right now, or was when that attempt died. */
export class MailInProgressError extends Error {
  override name = 'MailInProgressError';
}

/** The send failed; `permanent` when the server refused for good (5xx), so that retrying is pointless. */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface ClaimedMail {
  id: bigint;
  /** Also this attempt's fencing token: a later claim increments it. */
  attempts: number;
  messageId: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
}

/**
 * Sends one recorded mail at most once per attempt, and never in two attempts at the same time:
 *
 * 1. claim: the row goes from `a_envoyer` — or from `envoi_en_cours` whose lease has run out, which is
 *    what a worker killed mid-send leaves — to `envoi_en_cours`, leased to this attempt;
 * 2. send, with the Message-ID fixed when the mail was recorded;
 * 3. mark `envoye` (and its notifications) in one transaction.
 *
 * A crash between the server's acceptance (2) and the mark (3) cannot be told from a crash before
 * the send: the next attempt sends again, with the same Message-ID, so that a receiver that drops
 * duplicates (the catcher, most mailbox providers) keeps one. A failure releases the claim for the
 * next try, or marks the mail `echec` on the last try or when the server refused it for good.
 */
export async function deliverMail(
  prisma: PrismaClient,
  settings: MailSettings,
  mailId: bigint,
  options: { lastAttempt: boolean },
): Promise<DeliveryOutcome> {
  const leaseMs = settings.leaseMs ?? DEFAULT_LEASE_MS;
  // The database's clock decides leases, so that workers with skewed clocks agree.
  const claimed = await prisma.$queryRaw<ClaimedMail[]>`
    UPDATE "MailMessage"
       SET "status" = 'envoi_en_cours', "attempts" = "attempts" + 1,
           "leaseUntil" = (now() AT TIME ZONE 'UTC') + ${leaseMs}::integer * interval '1 millisecond'
     WHERE "id" = ${mailId}
       AND ("status" = 'a_envoyer' OR ("status" = 'envoi_en_cours' AND "leaseUntil" < (now() AT TIME ZONE 'UTC')))
    RETURNING "id", "attempts", "messageId", "toAddress", "toName", "subject", "text", "html", "createdAt"`;
  const mail = claimed[0];
  if (!mail) {
    const row = await prisma.mailMessage.findUnique({ where: { id: mailId }, select: { status: true } });
    if (!row) throw new Error(`Courriel ${mailId} introuvable.`);
    if (row.status === 'envoye') return 'deja_envoye';
    if (row.status === 'echec') return 'echec';
    throw new MailInProgressError(`Le courriel ${mailId} est en cours d’envoi par une autre tentative.`);
  }

  let response: string;
  try {
    const info = await settings.transport.sendMail({
      from: settings.from,
      to: mail.toName ? { name: mail.toName, address: mail.toAddress } : mail.toAddress,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      date: mail.createdAt,
      // RFC 3834: no vacation auto-replies to a machine.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    response = String(info.response ?? '');
  } catch (error) {
    const permanent = isPermanent(error);
    const failed = permanent || options.lastAttempt;
    // The row keeps what the server said, addresses masked; the error (logged, and sent to Temporal
    // as the activity's failure) only its codes.
    const reason = maskAddresses(String((error as Error).message)).slice(0, 1000);
    // Only while the claim is still ours: an attempt that overran its lease must not release another's.
    await prisma.$transaction(async (tx) => {
      const released = await tx.mailMessage.updateMany({
        where: { id: mailId, status: 'envoi_en_cours', attempts: mail.attempts },
        data: { status: failed ? 'echec' : 'a_envoyer', leaseUntil: null, lastError: reason },
      });
      if (failed && released.count === 1)
        await tx.notification.updateMany({ where: { mailId }, data: { status: 'echec' } });
    });
    throw new MailDeliveryError(`Envoi du courriel ${mailId} impossible : ${smtpFailureCodes(error)}`, permanent);
  }

  const sentAt = new Date();
  await prisma.$transaction([
    prisma.mailMessage.updateMany({
      where: { id: mailId, status: { not: 'envoye' } },
      data: {
        status: 'envoye',
        sentAt,
        leaseUntil: null,
        lastError: null,
        response: maskAddresses(response).slice(0, 1000),
      },
    }),
    prisma.notification.updateMany({ where: { mailId }, data: { status: 'envoye', sentAt } }),
  ]);
  return 'envoye';
}

/** A 5xx answer is final (no such mailbox, refused content), except authentication: fixing it helps. */
function isPermanent(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  return typeof responseCode === 'number' && responseCode >= 500 && code !== 'EAUTH';
}
