import type { NotificationKind } from '../../processes/effects.ts';
import { NOTIFICATION_KINDS } from '../../processes/effects.ts';
import {
  type DeliveryMode,
  isDeliveryMode,
  notificationPreferences,
  setNotificationPreference,
} from '../../services/mail/preferences.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// Each person chooses, per kind of message, an immediate mail or the daily digest.

const PreferenceRef = builder
  .objectRef<{ kind: NotificationKind; label: string; mode: DeliveryMode }>('NotificationPreference')
  .implement({
    description: 'How you receive one kind of message: `immediat` (a mail at once) or `resume` (the daily digest).',
    fields: (t) => ({
      kind: t.exposeString('kind'),
      label: t.exposeString('label'),
      mode: t.exposeString('mode'),
    }),
  });

builder.queryField('notificationPreferences', (t) =>
  t.field({
    type: [PreferenceRef],
    description: 'Your choice for every kind of message (immediate where you have not chosen).',
    errors: { types: GATE_ERRORS },
    resolve: (_root, _args, ctx) =>
      notificationPreferences(ctx.prisma, authorize(ctx, 'notificationPreferences').userId),
  }),
);

builder.mutationField('setNotificationPreference', (t) =>
  t.field({
    type: [PreferenceRef],
    description: 'Chooses how you receive one kind of message; answers all your choices.',
    errors: { types: [...GATE_ERRORS, InvalidInputError] },
    args: { kind: t.arg.string({ required: true }), mode: t.arg.string({ required: true }) },
    resolve: async (_root, { kind, mode }, ctx) => {
      const viewer = authorize(ctx, 'setNotificationPreference');
      if (!Object.hasOwn(NOTIFICATION_KINDS, kind)) {
        throw new InvalidInputError('Type de message inconnu.', { kind: 'Type de message inconnu.' });
      }
      if (!isDeliveryMode(mode)) {
        throw new InvalidInputError('Choisissez « immediat » ou « resume ».', {
          mode: 'Choisissez « immediat » (courriel immédiat) ou « resume » (résumé quotidien).',
        });
      }
      await setNotificationPreference(ctx.prisma, viewer.userId, kind as NotificationKind, mode);
      return notificationPreferences(ctx.prisma, viewer.userId);
    },
  }),
);
