import { type CaughtMailSummary, listCaughtMail, readCaughtMail } from '../../services/mail/caught-mail.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// The local mail catcher's messages (when no SMTP_URL is configured): what Siamo would have sent, so
// that a demonstration or a test shows real mail without sending any.

const CaughtMailRef = builder.objectRef<CaughtMailSummary & { text?: string | null }>('CaughtMail').implement({
  description: 'A message the local catcher received instead of a mail server.',
  fields: (t) => ({
    id: t.exposeID('id'),
    receivedAt: t.exposeString('receivedAt'),
    from: t.exposeString('from'),
    to: t.exposeString('to'),
    subject: t.exposeString('subject'),
    text: t.string({
      nullable: true,
      description: 'The plain-text body (only when read one by one).',
      resolve: (m) => m.text ?? null,
    }),
  }),
});

builder.queryField('caughtMail', (t) =>
  t.field({
    type: [CaughtMailRef],
    description: 'The messages the local catcher holds, newest first (administrators; at most 200).',
    errors: { types: GATE_ERRORS },
    resolve: (_root, _args, ctx) => {
      authorize(ctx, 'caughtMail');
      return listCaughtMail(ctx.services.dataDir);
    },
  }),
);

builder.queryField('caughtMessage', (t) =>
  t.field({
    type: CaughtMailRef,
    description: 'One message of the local catcher, with its text (administrators).',
    errors: { types: [...GATE_ERRORS, NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      authorize(ctx, 'caughtMessage');
      const mail = await readCaughtMail(ctx.services.dataDir, String(id));
      if (!mail) throw new NotFoundError('Ce courriel est introuvable.');
      const { raw: _raw, html: _html, ...shown } = mail;
      return shown;
    },
  }),
);
