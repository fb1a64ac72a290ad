import { deliverMails } from '../../activities/deliver-mails.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { ROLES } from '../../processes/roles.ts';
import { loadCaseFacts } from '../case-facts.ts';
import type { MailSettings } from '../mail/settings.ts';
import { messageIdFor } from '../mail/settings.ts';
import { renderMessage, templateOf } from '../mail/templates/index.ts';

// The member's ladder's letters. To the member: the participant's own address, else its account's,
// else the employer's people (role `employeur` of the employer's organisation) — as the age limit's
// notices go. The deduction request: the employer's people. The worker's name and payroll number are
// read here, for the body only (never the subject, never the case); the care is never named.
// Recorded under the effect's key (case, revision, position, recipient, kind) before anything is
// sent, mail and notification in one transaction: a retried effect sends nothing twice.

interface Recipient {
  userId: string | null;
  email: string | null;
  name: string;
  role: 'assure' | 'employeur';
}

async function workerOf(prisma: PrismaClient, participantId: string) {
  const participant = await prisma.participant.findUnique({
    where: { id: participantId },
    select: {
      lastName: true,
      firstNames: true,
      matricule: true,
      email: true,
      employerId: true,
      memberAccount: { select: { user: { select: { id: true, email: true, active: true } } } },
    },
  });
  if (!participant) throw new Error(`Participant « ${participantId} » introuvable dans la base.`);
  return participant;
}

const employerPeople = async (prisma: PrismaClient, employerId: string): Promise<Recipient[]> =>
  (
    await prisma.user.findMany({
      where: { organisationId: employerId, active: true, roles: { has: 'employeur' } },
      select: { id: true, email: true, displayName: true },
      orderBy: { id: 'asc' },
    })
  ).map((u) => ({ userId: u.id, email: u.email, name: u.displayName, role: 'employeur' as const }));

export async function writeLadderMail(
  deps: { prisma: PrismaClient; mail: MailSettings },
  request: {
    caseId: string;
    revision: number;
    index: number;
    participantId: string;
    kind: string;
    /** member: the participant (or, without an address, its employer's people); employer: its people. */
    to: 'member' | 'employer';
  },
): Promise<void> {
  const { prisma, mail } = deps;
  const facts = await loadCaseFacts(prisma, request.caseId, request.revision);
  const worker = await workerOf(prisma, request.participantId);
  const fullName = `${worker.firstNames} ${worker.lastName}`;
  const account = worker.memberAccount?.user?.active ? worker.memberAccount.user : null;
  let recipients: Recipient[];
  if (request.to === 'employer') recipients = await employerPeople(prisma, worker.employerId);
  else if (worker.email)
    recipients = [{ userId: account?.id ?? null, email: worker.email, name: fullName, role: 'assure' }];
  else if (account) recipients = [{ userId: account.id, email: account.email, name: fullName, role: 'assure' }];
  else recipients = await employerPeople(prisma, worker.employerId);
  const template = templateOf(request.kind);
  if (!template) throw new Error(`Modèle de message inconnu « ${request.kind} ».`);
  // For the body only: the case itself never holds them.
  const bodyFacts = {
    ...facts,
    context: { ...facts.context, assure: fullName, matricule: worker.matricule },
  };
  const all: (Recipient | null)[] = recipients.length > 0 ? recipients : [null];
  const rows = all.map((r) => {
    const key = `${request.caseId}:${request.revision}:${request.index}:${r?.userId ?? r?.role ?? 'aucun'}:${request.kind}`;
    const link = `${mail.publicUrl}${r?.role === 'assure' ? '/mon-espace' : '/'}`;
    const data = {
      facts: { ...bodyFacts, context: { ...bodyFacts.context, pourEmployeur: r?.role !== 'assure' } },
      recipientName: r?.name ?? 'Madame, Monsieur',
      recipientRoleLabel: ROLES[r?.role ?? 'employeur'],
      actions: [],
      dueAt: null,
      link,
    };
    return { key, r, link, message: renderMessage(data, template(data)) };
  });
  const mailIds = await prisma.$transaction(async (tx) => {
    const sendable = rows.filter((row) => row.r?.email);
    await tx.mailMessage.createMany({
      data: sendable.map(({ key, r, message }) => ({
        key,
        messageId: messageIdFor(key, mail.from),
        toAddress: r?.email as string,
        toName: r?.name ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html,
      })),
      skipDuplicates: true,
    });
    const mails = await tx.mailMessage.findMany({
      where: { key: { in: sendable.map((row) => row.key) } },
      select: { id: true, key: true },
    });
    const mailOf = new Map(mails.map((m) => [m.key, m.id]));
    await tx.notification.createMany({
      data: rows.map(({ key, r, link, message }) => ({
        key,
        caseId: request.caseId,
        revision: request.revision,
        kind: request.kind,
        recipientRole: r?.role ?? (request.to === 'member' ? 'assure' : 'employeur'),
        recipientUserId: r?.userId ?? null,
        recipientEmail: r?.email ?? null,
        status: r?.email ? 'a_envoyer' : 'sans_destinataire',
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
