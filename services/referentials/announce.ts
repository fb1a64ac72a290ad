import { deliverMails } from '../../activities/deliver-mails.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { ROLES, type Role } from '../../processes/roles.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { loadCaseFacts } from '../case-facts.ts';
import { deliveryModes } from '../mail/preferences.ts';
import { caseLink, type MailSettings, messageIdFor } from '../mail/settings.ts';
import { renderMessage } from '../mail/templates/layout.ts';
import { versionEnVigueur } from './mail/version-en-vigueur.ts';

// The message of a version coming into force goes to every IPM's gérant and every provider's agent:
// the engine's `notifier` reaches the holders of a role in the case's organisation only (here the
// owner), and a referential concerns all of them. Recorded as the engine records its notifications —
// one per recipient, keyed by case, revision, effect and recipient — so a retried effect sends once.
// A referential an IPM (or provider) keeps for itself concerns it alone: its own people are told, and
// no other IPM learns of its package or tariffs.

const KIND = 'referentiel_en_vigueur';
const CONCERNED = ['gerant_ipm', 'agent_ps'] as const;
const CONCERNED_IN_OWNER = { ipm: ['gerant_ipm', 'agent_ipm'], prestataire: ['agent_ps'] } as const;

export async function announceVersion(
  deps: { prisma: PrismaClient; mail: MailSettings },
  effect: EffectRequest,
  versionId: string,
): Promise<void> {
  const { prisma, mail } = deps;
  const version = await prisma.referentialVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: {
      number: true,
      validFrom: true,
      report: true,
      ownerOrganisationId: true,
      referential: { select: { title: true, ownedBy: true } },
    },
  });
  const report = (version.report ?? {}) as Record<string, number>;
  const template = versionEnVigueur({
    referentialTitle: version.referential.title,
    number: version.number,
    from: version.validFrom?.toISOString().slice(0, 10) ?? '',
    ajouts: Number(report.ajouts ?? 0),
    retraits: Number(report.retraits ?? 0),
    modifications: Number(report.modifications ?? 0),
  });
  const facts = await loadCaseFacts(prisma, effect.caseId, effect.revision);
  const ownedBy = version.referential.ownedBy as keyof typeof CONCERNED_IN_OWNER | null;
  const concerned: readonly Role[] = ownedBy ? CONCERNED_IN_OWNER[ownedBy] : CONCERNED;
  const users = await prisma.user.findMany({
    where: {
      active: true,
      roles: { hasSome: [...concerned] },
      ...(ownedBy ? { organisationId: version.ownerOrganisationId } : {}),
    },
    select: { id: true, email: true, displayName: true, roles: true },
    orderBy: { email: 'asc' },
  });
  const modes = await deliveryModes(
    prisma,
    users.map((u) => u.id),
    KIND,
  );
  const link = caseLink(mail.publicUrl, effect.caseId);
  const rows = users.map((user) => {
    const role = concerned.find((r) => user.roles.includes(r)) ?? 'gerant_ipm';
    const data = {
      facts,
      recipientName: user.displayName,
      recipientRoleLabel: ROLES[role],
      actions: [],
      dueAt: null,
      link,
    };
    const message = renderMessage(data, template(data));
    const key = `${effect.caseId}:${effect.revision}:${effect.index}:${user.id}:${KIND}`;
    return { key, user, role, message, delivery: modes.get(user.id) ?? 'immediat' };
  });
  await prisma.$transaction(async (tx) => {
    const immediate = rows.filter((r) => r.delivery === 'immediat');
    await tx.mailMessage.createMany({
      data: immediate.map(({ key, user, message }) => ({
        key,
        messageId: messageIdFor(key, mail.from),
        toAddress: user.email,
        toName: user.displayName,
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
      data: rows.map(({ key, user, role, message, delivery }) => ({
        key,
        caseId: effect.caseId,
        revision: effect.revision,
        kind: KIND,
        recipientRole: role,
        recipientUserId: user.id,
        recipientEmail: user.email,
        delivery,
        status: delivery === 'resume' ? 'en_attente_resume' : 'a_envoyer',
        subject: message.subject,
        summary: message.summary,
        link,
        mailId: mailOf.get(key) ?? null,
      })),
      skipDuplicates: true,
    });
  });
  const pending = await prisma.notification.findMany({
    where: { key: { in: rows.map((r) => r.key) }, mailId: { not: null }, delivery: 'immediat' },
    select: { mailId: true },
  });
  await deliverMails(
    prisma,
    mail,
    pending.map((n) => n.mailId as bigint),
  );
}
