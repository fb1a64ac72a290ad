import { signIn, signOut } from '../../services/auth/sign-in.ts';
import { builder } from '../builder.ts';
import { AccountLockedError, InvalidCredentialsError, InvalidInputError } from '../errors.ts';
import { clearedSessionCookie, sessionCookie } from '../http/session-cookie.ts';
import { planned } from '../planned-query.ts';
import { UserRef } from '../types/user.ts';

const SignInPayload = builder.objectRef<{ userId: string; expiresAt: Date }>('SignInPayload').implement({
  description: 'Signed in: the session cookie is set (http-only); it lasts until expiresAt or sign-out.',
  fields: (t) => ({
    user: t.prismaField({
      type: UserRef,
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.user.findUniqueOrThrow({ ...planned(query), where: { id: payload.userId } }),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'Signs in with an e-mail address and a password, and sets the session cookie. Each failure in a row ' +
      'slows the next attempt down; too many lock the account for a while. Every attempt is recorded.',
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    errors: { types: [InvalidCredentialsError, AccountLockedError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      if (args.email.length > 320 || args.password.length > 1024) {
        throw new InvalidInputError('Saisie invalide pour la connexion : 1 champ à corriger.', {
          [args.email.length > 320 ? 'email' : 'password']: 'Valeur trop longue.',
        });
      }
      const result = await signIn(
        { prisma: ctx.prisma, auth: ctx.services.auth },
        { email: args.email, password: args.password, ip: ctx.ip },
      );
      if (!result.ok) {
        if (result.code === 'compte_verrouille')
          throw new AccountLockedError(result.message, result.retryAfterSeconds ?? 0);
        throw new InvalidCredentialsError(result.message);
      }
      ctx.cookies.push(sessionCookie(result.sessionToken, result.expiresAt, ctx.services.auth.secureCookies));
      // The rest of this request answers as the person who just signed in.
      ctx.viewer = result.viewer;
      return { userId: result.viewer.userId, expiresAt: result.expiresAt };
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'Ends the session of the cookie and clears it. Harmless when already signed out.',
    resolve: async (_root, _args, ctx) => {
      if (ctx.sessionSecret) await signOut({ prisma: ctx.prisma }, ctx.sessionSecret, ctx.ip);
      ctx.cookies.push(clearedSessionCookie(ctx.services.auth.secureCookies));
      return true;
    },
  }),
);
