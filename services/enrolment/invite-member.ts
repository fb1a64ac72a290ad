import { randomInt, randomUUID } from 'node:crypto';
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
// member gets a new code and the old one stops working. A member who chose its password and lost it is
// invited again only when the IPM says so (`lostPassword`): the same account, a new code, the password
// it chose refused from then on and its sessions closed. Every code handed out is a MemberInvitation row
// (who, when, why); the form's request id makes a retry answer the same invitation, with no new code.
// The subject names no one; the body neither NIN nor code in a link.

export const INVITATION_DAYS = 7;

/** Without I, O, 0 and 1: a code read in a mail and typed by hand. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const newCode = () =>
  Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join(
    '-',
  );

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type InvitationReason = 'premiere' | 'renvoi' | 'mot_de_passe_perdu';

export interface Invitation {
  userId: string;
  reason: InvitationReason;
  participantId: string;
  email: string;
  expiresAt: Date;
  /** envoye, or echec when the mail server refused it (the mail waits in supervision to be sent again). */
  mailStatus: string;
}

export async function inviteMember(
  deps: { prisma: PrismaClient; mail: MailSettings | undefined },
  request: {
    ipmId: string;
    invitedBy: string;
    participantId: string;
    email?: string | null;
    lostPassword?: boolean | null;
    requestId?: string | null;
  },
): Promise<Invitation> {
  const { prisma, mail } = deps;
  // An IPM's own request ids: another IPM's cannot collide with them.
  const typedRequest = request.requestId?.trim();
  const requestId = typedRequest ? `${request.ipmId}:${typedRequest.slice(0, 200)}` : null;
  if (requestId) {
    const done = await replay(prisma, request, requestId);
    if (done) return done;
  }
  const participant = await prisma.participant.findUnique({
    where: { id: request.participantId },
    select: { id: true, ipmId: true, firstNames: true, lastName: true, email: true, memberAccount: true },
  });
  // Another IPM's participant is answered as nobody: the register is the IPM's own.
  if (!participant || participant.ipmId !== request.ipmId)
    throw new SiamoError('introuvable', 'Participant introuvable dans votre IPM : vérifiez son identifiant.');
  const account = participant.memberAccount
    ? await prisma.user.findUniqueOrThrow({ where: { id: participant.memberAccount.userId } })
    : null;
  // Invited again, the account keeps the address it signs in with unless another is typed.
  const typed = request.email?.trim();
  const known = account?.email ?? participant.email;
  const email = typed ? normaliseEmail(typed) : known ? normaliseEmail(known) : null;
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
  if (account && account.temporaryPasswordUntil === null && !request.lostPassword)
    throw new SiamoError(
      'conflit',
      'Cet assuré a déjà choisi son mot de passe : son espace est ouvert. S’il l’a perdu, invitez-le de nouveau en indiquant « mot de passe perdu » : un nouveau code lui sera envoyé et son mot de passe actuel ne fonctionnera plus.',
    );
  const reason: InvitationReason = !account
    ? 'premiere'
    : account.temporaryPasswordUntil === null
      ? 'mot_de_passe_perdu'
      : 'renvoi';
  const other = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (other && other.id !== account?.id)
    throw new SiamoError('conflit', 'Cette adresse est déjà celle d’un autre compte : saisissez celle de l’assuré.', {
      email: 'déjà utilisée',
    });

  const code = newCode();
  const passwordHash = await hashPassword(code);
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  let written: { userId: string; mailId: bigint };
  try {
    written = await prisma.$transaction(async (tx) => {
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
      // Whoever held the lost password is signed out with it.
      if (account)
        await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
      await tx.memberInvitation.create({
        data: {
          id: randomUUID(),
          userId: user.id,
          participantId: participant.id,
          ipmId: participant.ipmId,
          invitedBy: request.invitedBy,
          reason,
          expiresAt,
          requestId,
        },
      });
      const key = mailKey(user.id, expiresAt);
      const message = invitationMail(mail.publicUrl, user.displayName, code, expiresAt, reason);
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
  } catch (error) {
    // The same request, sent twice at once: the other one handed out the code.
    if (requestId && (error as { code?: string }).code === 'P2002') {
      const done = await replay(prisma, request, requestId);
      if (done) return done;
    }
    throw error;
  }
  const { userId, mailId } = written;
  // One try now; a refused mail shows as failed in supervision, from where it is sent again.
  const outcome = await deliverMail(prisma, mail, mailId, { lastAttempt: true }).catch(() => 'echec' as const);
  return {
    userId,
    reason,
    participantId: participant.id,
    email,
    expiresAt,
    mailStatus: outcome === 'echec' ? 'echec' : 'envoye',
  };
}

const mailKey = (userId: string, expiresAt: Date) => `invitation-assure:${userId}:${expiresAt.getTime()}`;

/** The invitation a request id already made, for the same participant of the same IPM; null if none. */
async function replay(
  prisma: PrismaClient,
  request: { ipmId: string; participantId: string },
  requestId: string,
): Promise<Invitation | null> {
  const done = await prisma.memberInvitation.findUnique({ where: { requestId } });
  if (!done) return null;
  if (done.ipmId !== request.ipmId || done.participantId !== request.participantId)
    throw new SiamoError(
      'conflit',
      'Cet identifiant de demande a déjà servi à une autre invitation : rechargez la page et recommencez.',
    );
  const [user, message] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: done.userId }, select: { email: true } }),
    prisma.mailMessage.findUnique({ where: { key: mailKey(done.userId, done.expiresAt) }, select: { status: true } }),
  ]);
  return {
    userId: done.userId,
    reason: done.reason as InvitationReason,
    participantId: done.participantId,
    email: user.email,
    expiresAt: done.expiresAt,
    mailStatus: message?.status === 'echec' ? 'echec' : 'envoye',
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function invitationMail(publicUrl: string, name: string, code: string, expiresAt: Date, reason: InvitationReason) {
  const link = `${publicUrl}/connexion`;
  const until = expiresAt.toLocaleDateString('fr-FR', { timeZone: 'Africa/Dakar', dateStyle: 'long' });
  const lines = [
    `Bonjour ${name},`,
    '',
    reason === 'mot_de_passe_perdu'
      ? 'À votre demande, votre IPM vous envoie un nouveau code pour votre espace assuré sur Siamo : votre ancien mot de passe ne fonctionne plus.'
      : 'Votre IPM vous ouvre votre espace assuré sur Siamo : vos droits du jour ou d’une autre date, et ceux de vos ayants droit.',
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
