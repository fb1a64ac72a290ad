import type { PrismaClient } from '../../prisma/client.ts';
import { ROLES } from '../../processes/roles.ts';
import { deliverMail } from '../mail/deliver.ts';
import { type MailSettings, messageIdFor } from '../mail/settings.ts';
import { alertMail } from './alert-mail.ts';

// An alert of the rights checks, recorded once (its unique keys: per provider, kind and window for an
// enumeration; per member and day for distant checks) and, in the same transaction, one mail per
// person to tell: the gérants of the IPMs concerned and ICAMO's analysts. The mails' keys name the
// alert and the person, so that an alert is mailed once whoever raises it and however often. They are
// sent from here, after the check has been answered, with a few tries; one still failing is marked
// `echec`, where the administrators' undelivered mail shows it for a resend.

export interface AlertToRaise {
  kind: string;
  providerOrganisationId: string;
  providerName: string;
  windowKey: string;
  subjects: number;
  ipmIds: readonly string[];
  message: string;
  beneficiaryId?: string | null;
  /** YYYY-MM-DD. */
  day?: string | null;
  /** The checks the alert rests on, named in the mail (never the member). */
  checkNumbers?: readonly string[];
}

export interface AlertDependencies {
  prisma: PrismaClient;
  /** Where alerts are mailed from; without it they are recorded and shown, not mailed. */
  mail?: MailSettings;
}

/** Who hears of every alert, besides the gérants of the IPMs concerned. */
export const ALERT_NATIONAL_ROLE = 'analyste_icamo';

/** Pauses between the tries of an alert's mail (the last failing one marks it `echec`). */
const RETRY_DELAYS_MS = [2_000, 10_000, 60_000];

/** Records the alert; returns its id when it is new (null when it had been raised already). */
export async function raiseAlert(deps: AlertDependencies, alert: AlertToRaise): Promise<string | null> {
  const { prisma, mail } = deps;
  const mailIds = await prisma.$transaction(async (tx) => {
    const created = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "RightsCheckAlert" ("kind", "providerOrganisationId", "windowKey", "subjects", "ipmIds", "message", "beneficiaryId", "day")
      VALUES (${alert.kind}, ${alert.providerOrganisationId}, ${alert.windowKey}, ${alert.subjects},
              ${[...alert.ipmIds]}::text[], ${alert.message}, ${alert.beneficiaryId ?? null}, ${alert.day ?? null}::date)
      ON CONFLICT DO NOTHING
      RETURNING "id"`;
    const id = created[0]?.id;
    if (id === undefined) return null;
    if (!mail) return { id, mails: [] };
    const people = await tx.user.findMany({
      where: {
        active: true,
        OR: [
          { roles: { has: 'gerant_ipm' }, organisationId: { in: [...alert.ipmIds] } },
          { roles: { has: ALERT_NATIONAL_ROLE } },
        ],
      },
      select: { id: true, email: true, displayName: true, roles: true },
      orderBy: { id: 'asc' },
    });
    const link = `${mail.publicUrl}/controle/journal`;
    const rows = people.map((person) => {
      const key = `controle-alerte:${id}:${person.id}`;
      const role = person.roles.includes(ALERT_NATIONAL_ROLE) ? ALERT_NATIONAL_ROLE : 'gerant_ipm';
      const message = alertMail(
        {
          kind: alert.kind,
          providerName: alert.providerName,
          message: alert.message,
          checkNumbers: alert.checkNumbers ?? [],
        },
        { displayName: person.displayName, roleLabel: ROLES[role] },
        link,
      );
      return {
        key,
        messageId: messageIdFor(key, mail.from),
        toAddress: person.email,
        toName: person.displayName,
        ...message,
      };
    });
    await tx.mailMessage.createMany({ data: rows, skipDuplicates: true });
    const mails = await tx.mailMessage.findMany({
      where: { key: { in: rows.map((r) => r.key) } },
      select: { id: true },
    });
    return { id, mails: mails.map((m) => m.id) };
  });
  if (!mailIds) return null;
  if (mail) for (const mailId of mailIds.mails) void sendWithRetries(prisma, mail, mailId);
  return String(mailIds.id);
}

async function sendWithRetries(prisma: PrismaClient, mail: MailSettings, mailId: bigint): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const lastAttempt = attempt >= RETRY_DELAYS_MS.length;
    try {
      await deliverMail(prisma, mail, mailId, { lastAttempt });
      return;
    } catch (error) {
      const permanent = (error as { permanent?: boolean }).permanent === true;
      if (lastAttempt || permanent) {
        console.error(`Alerte de contrôle des droits : courriel ${mailId} non envoyé :`, (error as Error).message);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]).unref?.());
    }
  }
}
