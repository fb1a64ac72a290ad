import {
  changePassword,
  confirmTotpEnrolment,
  type SignInResult,
  signIn,
  signInWithCode,
  signOut,
  startTotpEnrolment,
} from '../../services/auth/sign-in.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { AccountLockedError, ConflictError, InvalidCredentialsError, InvalidInputError } from '../errors.ts';
import { clearedSessionCookie, sessionCookie } from '../http/session-cookie.ts';
import { planned } from '../planned-query.ts';
import {
  ChallengeExpiredError,
  InvalidCodeError,
  PasswordChangeRequiredError,
  TwoFactorEnrolmentRequiredError,
  TwoFactorRequiredError,
} from '../types/sign-in-steps.ts';
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

/**
 * Every answer a step of signing in may give, the same for each step: a client handles one set of
 * results whichever step it is at.
 */
const STEP_ERRORS = [
  TwoFactorRequiredError,
  TwoFactorEnrolmentRequiredError,
  PasswordChangeRequiredError,
  InvalidCredentialsError,
  InvalidCodeError,
  ChallengeExpiredError,
  AccountLockedError,
  InvalidInputError,
];

/** Inputs longer than any address, password or code are refused before anything is hashed. */
function bounded(label: string, values: Record<string, string | null | undefined>) {
  const fields = Object.fromEntries(
    Object.entries(values)
      .filter(([field, value]) => (value?.length ?? 0) > (field === 'email' ? 320 : 1024))
      .map(([field]) => [field, 'Valeur trop longue.']),
  );
  const count = Object.keys(fields).length;
  if (count > 0) {
    throw new InvalidInputError(
      `Saisie invalide pour ${label} : ${count} champ${count > 1 ? 's' : ''} à corriger.`,
      fields,
    );
  }
}

/** The session opened, or the typed error of the result. */
function answer(ctx: ApiContext, result: SignInResult): { userId: string; expiresAt: Date } {
  if (result.ok) {
    ctx.cookies.push(sessionCookie(result.sessionToken, result.expiresAt, ctx.services.auth.secureCookies));
    // The rest of this request answers as the person who just signed in.
    ctx.viewer = result.viewer;
    ctx.authenticatedBy = 'session';
    return { userId: result.viewer.userId, expiresAt: result.expiresAt };
  }
  switch (result.code) {
    case 'double_facteur_requis':
      throw new TwoFactorRequiredError(result.message, result.challenge, result.expiresAt);
    case 'inscription_double_facteur_requise':
      throw new TwoFactorEnrolmentRequiredError(result.message, result.challenge, result.expiresAt);
    case 'changement_mot_de_passe_requis':
      throw new PasswordChangeRequiredError(result.message, result.challenge, result.expiresAt);
    case 'compte_verrouille':
      throw new AccountLockedError(result.message, result.retryAfterSeconds ?? 0);
    case 'code_invalide':
      throw new InvalidCodeError(result.message);
    case 'verification_expiree':
      throw new ChallengeExpiredError(result.message);
    case 'mot_de_passe_refuse':
      throw new InvalidInputError('Le mot de passe n’a pas été changé : 1 champ à corriger.', {
        [result.field]: result.message,
      });
    default:
      throw new InvalidCredentialsError(result.message);
  }
}

const deps = (ctx: ApiContext) => ({ prisma: ctx.prisma, auth: ctx.services.auth });

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'Signs in with an e-mail address and a password, and sets the session cookie — or answers the next ' +
      'step (a code, an enrolment in two-factor sign-in, a new password) with its challenge. Each failure in ' +
      'a row slows the next attempt down; too many lock the address for a while. Every attempt is recorded.',
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    errors: { types: STEP_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      bounded('la connexion', { email: args.email, password: args.password });
      return answer(ctx, await signIn(deps(ctx), { email: args.email, password: args.password, ip: ctx.ip }));
    },
  }),
);

builder.mutationField('signInWithCode', (t) =>
  t.field({
    type: SignInPayload,
    description: 'The second step: the 6-digit code of the authenticator app, with the challenge of `signIn`.',
    args: {
      challenge: t.arg.string({ required: true }),
      code: t.arg.string({ required: true }),
    },
    errors: { types: STEP_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      bounded('le code', { challenge: args.challenge, code: args.code });
      return answer(ctx, await signInWithCode(deps(ctx), { ...args, ip: ctx.ip }));
    },
  }),
);

const TotpEnrolment = builder
  .objectRef<{ otpauthUri: string; manualKey: string; enrolment: string; expiresAt: Date }>('TotpEnrolment')
  .implement({
    description:
      'A new secret for the authenticator app, shown this once: the otpauth URI (as a QR code or a link) and ' +
      'the same key to type by hand. `confirmTotpEnrolment(enrolment, code)` with a first code enables it.',
    fields: (t) => ({
      otpauthUri: t.exposeString('otpauthUri'),
      manualKey: t.exposeString('manualKey'),
      enrolment: t.exposeString('enrolment', { description: 'To send with the first code; valid until expiresAt.' }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    }),
  });

builder.mutationField('startTotpEnrolment', (t) =>
  t.field({
    type: TotpEnrolment,
    description:
      'Begins an enrolment in two-factor sign-in: with the challenge of a sign-in that requires it, or from a ' +
      'signed-in session of a person not enrolled yet.',
    args: { challenge: t.arg.string() },
    errors: { types: [ChallengeExpiredError, ConflictError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      bounded('l’inscription', { challenge: args.challenge });
      // From a session opened by a person, not from a machine client's token.
      const session = ctx.viewer && ctx.authenticatedBy === 'session' ? ctx.viewer : null;
      const from = args.challenge ? { challenge: args.challenge } : session ? { viewer: session } : null;
      if (!from) throw new ChallengeExpiredError('Connectez-vous d’abord avec votre mot de passe.');
      const result = await startTotpEnrolment(deps(ctx), from);
      if (result.ok) return result;
      if (result.code === 'deja_active') throw new ConflictError(result.message);
      throw new ChallengeExpiredError(result.message);
    },
  }),
);

builder.mutationField('confirmTotpEnrolment', (t) =>
  t.field({
    type: SignInPayload,
    description: 'Enables two-factor sign-in with a first code of the new secret, and signs in.',
    args: {
      enrolment: t.arg.string({ required: true }),
      code: t.arg.string({ required: true }),
    },
    errors: { types: STEP_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      bounded('l’inscription', { enrolment: args.enrolment, code: args.code });
      return answer(ctx, await confirmTotpEnrolment(deps(ctx), { ...args, ip: ctx.ip }));
    },
  }),
);

builder.mutationField('changePassword', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'Sets a new password (PASSWORD_MIN_LENGTH characters at least, letters and digits): with the challenge of ' +
      'a sign-in whose password expired, or from a signed-in session with the current password. Every other ' +
      'session of the person ends; the answer opens a new one.',
    args: {
      challenge: t.arg.string(),
      currentPassword: t.arg.string(),
      newPassword: t.arg.string({ required: true }),
    },
    errors: { types: STEP_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      bounded('le mot de passe', {
        challenge: args.challenge,
        currentPassword: args.currentPassword,
        newPassword: args.newPassword,
      });
      const common = { newPassword: args.newPassword, ip: ctx.ip };
      if (args.challenge) return answer(ctx, await changePassword(deps(ctx), { ...common, challenge: args.challenge }));
      if (!ctx.viewer || ctx.authenticatedBy !== 'session') {
        throw new ChallengeExpiredError('Connectez-vous d’abord avec votre mot de passe.');
      }
      if (!args.currentPassword) {
        throw new InvalidInputError('Le mot de passe n’a pas été changé : 1 champ à corriger.', {
          currentPassword: 'Indiquez votre mot de passe actuel.',
        });
      }
      return answer(
        ctx,
        await changePassword(deps(ctx), { ...common, viewer: ctx.viewer, currentPassword: args.currentPassword }),
      );
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'Ends the session of the cookie and clears it. Harmless when already signed out.',
    resolve: async (_root, _args, ctx) => {
      if (ctx.sessionSecret) await signOut({ prisma: ctx.prisma, auth: ctx.services.auth }, ctx.sessionSecret, ctx.ip);
      ctx.cookies.push(clearedSessionCookie(ctx.services.auth.secureCookies));
      return true;
    },
  }),
);
