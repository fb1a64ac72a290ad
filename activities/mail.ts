import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../prisma/client.ts';
import type { NotificationKind } from '../processes/effects.ts';
import { pendingDigestRecipients, prepareDigest } from '../services/mail/digest.ts';
import type { RecipientSpec } from '../services/mail/recipients.ts';
import { recordNotifications } from '../services/mail/record.ts';
import type { MailSettings } from '../services/mail/settings.ts';
import { deliverMails } from './deliver-mails.ts';

export interface MailDependencies {
  prisma: PrismaClient;
  mail: MailSettings;
}

/** A notification the case workflow sends on its own account: SLA reminders and escalations. */
export interface NotifyRequest {
  caseId: string;
  /** The revision that entered the step the reminder is about. */
  revision: number;
  /** Names the reminder within that step (`rappel`, `escalade`, `echeance`…): part of the key. */
  occasion: string;
  kind: NotificationKind;
  recipients: RecipientSpec;
  /** ISO 8601: the deadline the message names (the step's due date, the request's deadline). */
  dueAt?: string | null;
}

/** Fails the activity for good when the worker was built without mail: retrying would not help. */
export function requireMail(mail: MailSettings | undefined): MailSettings {
  if (!mail)
    throw ApplicationFailure.nonRetryable(
      'Le courriel n’est pas configuré sur ce worker : aucun message ne peut être enregistré ni envoyé.',
      'courriel_non_configure',
    );
  return mail;
}

/** The mail activities: for SLA timers (`notify`) and the daily digest workflow. */
export function createMailActivities(prisma: PrismaClient, mail: MailSettings | undefined) {
  return {
    /** Records and sends a notification to recipients named by role or by their part in the case. */
    notify: async (request: NotifyRequest): Promise<void> => {
      const settings = requireMail(mail);
      const mailIds = await recordNotifications(prisma, settings, {
        ...request,
        dueAt: request.dueAt === undefined ? undefined : request.dueAt === null ? null : new Date(request.dueAt),
      });
      await deliverMails(prisma, settings, mailIds);
    },
    pendingDigestRecipients: (): Promise<string[]> => pendingDigestRecipients(prisma),
    /** Makes (once per run) and sends one person's digest. */
    sendDigest: async (request: { userId: string; runKey: string }): Promise<void> => {
      const settings = requireMail(mail);
      const mailId = await prepareDigest(prisma, settings, request);
      if (mailId !== null) await deliverMails(prisma, settings, [mailId]);
    },
  };
}

export type MailActivities = ReturnType<typeof createMailActivities>;
export type DigestActivities = Pick<MailActivities, 'pendingDigestRecipients' | 'sendDigest'>;
