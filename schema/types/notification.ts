import { NOTIFICATION_KINDS } from '../../processes/effects.ts';
import { isRole } from '../../processes/roles.ts';
import { builder } from '../builder.ts';
import { RoleEnum } from './enums.ts';
import { UserRef, visiblePerson } from './user.ts';

const STATUS_LABELS: Record<string, string> = {
  a_envoyer: 'à envoyer',
  envoi_en_cours: 'envoi en cours',
  en_attente_resume: 'dans le prochain résumé quotidien',
  envoye: 'envoyé',
  echec: 'échec de l’envoi',
  sans_destinataire: 'personne ne tient ce rôle',
};

export const NotificationRef = builder.prismaObject('Notification', {
  name: 'CaseNotification',
  description:
    'A message the case caused: to whom (by role, and the person when you may see them), and what became of it.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    kindLabel: t.string({
      resolve: (n) => (NOTIFICATION_KINDS as Record<string, string>)[n.kind] ?? n.kind,
    }),
    revision: t.exposeInt('revision', { description: 'The transition that caused it.' }),
    recipientRole: t.field({
      type: RoleEnum,
      resolve: (n) => (isRole(n.recipientRole) ? n.recipientRole : 'systeme'),
    }),
    recipient: t.field({
      type: UserRef,
      nullable: true,
      resolve: (n, _args, ctx) => visiblePerson(ctx, n.recipientUserId),
    }),
    status: t.exposeString('status', {
      description: 'a_envoyer, envoi_en_cours, en_attente_resume, envoye, echec or sans_destinataire.',
    }),
    statusLabel: t.string({ resolve: (n) => STATUS_LABELS[n.status] ?? n.status }),
    subject: t.exposeString('subject', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
  }),
});
