import { randomInt } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { hashPassword } from '../auth/password.ts';
import { normaliseEmail } from '../auth/sign-in-key.ts';
import { SiamoError } from '../errors.ts';
import { deliverMail } from '../mail/deliver.ts';
import { type MailSettings, messageIdFor } from '../mail/settings.ts';

// A member's invitation to its own space: the IPM holding the participant creates its account (role
// `assure`, bound to that participant by MemberAccount) with a one-time code as its password, and mails
// the code. The code works for INVITATION_DAYS, once: the first sign-in asks the member to choose its
// own password (services/auth/sign-in.ts, `temporaryPasswordUntil`). Invited again before that, the
// member gets a new code and the old one stops working. The subject names no one; the body neither
// NIN nor code in a link.

export const INVITATION_DAYS = 7;

/** Without I, O, 0 and 1: a code read in a mail and typed by hand. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const newCode = () =>
  Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join(
    '-',
  );

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface Invitation {
  userId: string;
  participantId: string;
  email: string;
  expiresAt: Date;
  /** envoye, or echec when the mail server refused it (the mail waits in supervision to be sent again). */
  mailStatus: string;
}

export async function inviteMember(
  deps: { prisma: PrismaClient; mail: MailSettings | undefined },
  request: { ipmId: string; invitedBy: string; participantId: string; email?: string | null },
): Promise<Invitation> {
  const { prisma, mail } = deps;
  const participant = await prisma.participant.findUnique({
    where: { id: request.participantId },
    select: { id: true, ipmId: true, firstNames: true, lastName: true, email: true, memberAccount: true },
  });
  // Another IPM's participant is answered as nobody: the register is the IPM's own.
  if (!participant || participant.ipmId !== request.ipmId)
    throw new SiamoError('introuvable', 'Participant introuvable dans votre IPM : vérifiez son identifiant.');
  const typed = request.email?.trim();
  const email = typed ? normaliseEmail(typed) : participant.email ? normaliseEmail(participant.email) : null;
  if (!email)
    throw new SiamoError(
      'saisie_invalide',
      'Adresse électronique manquante : le registre n’en a pas pour ce participant, saisissez la sienne.',
      { email: 'obligatoire' },
    );
  if (!EMAIL.test(email) || email.length > 200)
    throw new SiamoError('saisie_invalide', 'Adresse électronique invalide : attendu nom@domaine.sn.', {
      email: 'adresse invalide',
    });
  if (!mail)
    throw new SiamoError(
      'non_autorise',
      'Aucun envoi de courriel n’est configuré sur ce serveur : l’invitation ne peut pas partir, rien n’a été créé. Prévenez l’administrateur.',
    );
  const account = participant.memberAccount
    ? await prisma.user.findUniqueOrThrow({ where: { id: participant.memberAccount.userId } })
    : null;
  if (account && account.temporaryPasswordUntil === null)
    throw new SiamoError(
      'conflit',
      'Cet assuré a déjà choisi son mot de passe : son espace est ouvert, il n’y a rien à renvoyer.',
    );
  const other = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (other && other.id !== account?.id)
    throw new SiamoError('conflit', 'Cette adresse est déjà celle d’un autre compte : saisissez celle de l’assuré.', {
      email: 'déjà utilisée',
    });

  const code = newCode();
  const passwordHash = await hashPassword(code);
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const { userId, mailId } = await prisma.$transaction(async (tx) => {
    const user = account
      ? await tx.user.update({
          where: { id: account.id },
          data: { email, passwordHash, temporaryPasswordUntil: expiresAt, active: true },
        })
      : await tx.user.create({
          data: {
            email,
            displayName: `${participant.firstNames} ${participant.lastName}`,
            passwordHash,
            organisationId: participant.ipmId,
            roles: ['assure'],
            temporaryPasswordUntil: expiresAt,
          },
        });
    if (!account)
      await tx.memberAccount.create({
        data: {
          userId: user.id,
          participantId: participant.id,
          ipmId: participant.ipmId,
          invitedBy: request.invitedBy,
        },
      });
    const key = `invitation-assure:${user.id}:${expiresAt.getTime()}`;
    const message = invitationMail(mail.publicUrl, user.displayName, code, expiresAt);
    const row = await tx.mailMessage.create({
      data: {
        key,
        messageId: messageIdFor(key, mail.from),
        toAddress: email,
        toName: user.displayName,
        ...message,
      },
    });
    return { userId: user.id, mailId: row.id };
  });
  // One try now; a refused mail shows as failed in supervision, from where it is sent again.
  const outcome = await deliverMail(prisma, mail, mailId, { lastAttempt: true }).catch(() => 'echec' as const);
  return {
    userId,
    participantId: participant.id,
    email,
    expiresAt,
    mailStatus: outcome === 'echec' ? 'echec' : 'envoye',
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function invitationMail(publicUrl: string, name: string, code: string, expiresAt: Date) {
  const link = `${publicUrl}/connexion`;
  const until = expiresAt.toLocaleDateString('fr-FR', { timeZone: 'Africa/Dakar', dateStyle: 'long' });
  const lines = [
    `Bonjour ${name},`,
    '',
    'Votre IPM vous ouvre votre espace assuré sur Siamo : vos droits du jour ou d’une autre date, et ceux de vos ayants droit.',
    '',
    `Pour l’activer, connectez-vous sur ${link} avec cette adresse électronique et ce code à usage unique :`,
    '',
    code,
    '',
    `Le code est valable jusqu’au ${until}. Siamo vous demandera aussitôt de choisir votre propre mot de passe.`,
    'Si vous n’attendiez pas ce message, ignorez-le : sans ce code, rien n’est ouvert.',
  ];
  return {
    subject: 'Siamo : votre espace assuré vous attend',
    text: lines.join('\n'),
    html: lines
      .map((line) => (line === code ? `<p><strong>${code}</strong></p>` : `<p>${escapeHtml(line)}</p>`))
      .join(''),
  };
}
