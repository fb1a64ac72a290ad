import { createApiToken } from '../../services/auth/resolve-viewer.ts';
import { secretId } from '../../services/auth/tokens.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

// Bearer tokens for machine clients (IPM software, providers' systems). A person creates one for
// their own account from a signed-in session, or the administrator for a technical account; a token
// cannot mint further tokens, so revoking a leaked one is enough.

const ApiTokenPayload = builder
  .objectRef<{ id: string; token: string; label: string; expiresAt: Date | null }>('ApiTokenPayload')
  .implement({
    description: 'The token is shown this once: only its hash is kept. Send it as `Authorization: Bearer <token>`.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'To revoke it.' }),
      token: t.exposeString('token'),
      label: t.exposeString('label'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    }),
  });

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: ApiTokenPayload,
    args: {
      label: t.arg.string({ required: true, description: 'What the token is for, e.g. « Logiciel de gestion IPM ».' }),
      userId: t.arg.id({ description: 'Administrator only: the account the token acts for (default: yours).' }),
      expiresAt: t.arg({ type: 'DateTime', description: 'Default: no expiry, until revoked.' }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'createApiToken');
      if (ctx.authenticatedBy !== 'session') {
        throw new ForbiddenError(
          'createApiToken',
          'Un jeton d’accès se crée depuis une session ouverte avec un mot de passe, pas avec un autre jeton.',
        );
      }
      const userId = args.userId ? String(args.userId) : viewer.userId;
      if (userId !== viewer.userId && !viewer.roles.includes('administrateur')) {
        throw new ForbiddenError('createApiToken', 'Seul un administrateur crée un jeton pour une autre personne.');
      }
      const label = args.label.trim();
      const fields: Record<string, string> = {};
      if (label.length === 0 || label.length > 200) fields.label = 'Le libellé doit compter 1 à 200 caractères.';
      if (args.expiresAt && args.expiresAt.getTime() <= Date.now())
        fields.expiresAt = 'La date d’expiration est passée.';
      if (Object.keys(fields).length > 0) {
        throw new InvalidInputError('Saisie invalide pour le jeton d’accès.', fields);
      }
      const user = await ctx.prisma.user.findFirst({ where: { id: userId, active: true } });
      if (!user) throw new NotFoundError(`La personne « ${userId} » est introuvable.`);
      const token = await createApiToken(ctx.prisma, { userId, label, expiresAt: args.expiresAt ?? undefined });
      return { id: secretId(token), token, label, expiresAt: args.expiresAt ?? null };
    },
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.boolean({
    args: { id: t.arg.id({ required: true }) },
    description: 'Revokes one of your tokens (the administrator: anyone’s). Requests using it are refused at once.',
    errors: { types: [...GATE_ERRORS, NotFoundError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'revokeApiToken');
      const revoked = await ctx.prisma.apiToken.updateMany({
        where: {
          id: String(args.id),
          revokedAt: null,
          ...(viewer.roles.includes('administrateur') ? {} : { userId: viewer.userId }),
        },
        data: { revokedAt: new Date() },
      });
      if (revoked.count === 0) throw new NotFoundError(`Le jeton « ${args.id} » est introuvable ou déjà révoqué.`);
      return true;
    },
  }),
);
