import type { User } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import type { Viewer } from '../viewer.ts';
import { findChallenge, issueChallenge, useChallenge } from './challenges.ts';
import { hashPassword, passwordExpired, passwordProblem, verifyPassword } from './password.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import type { AuthSettings } from './settings.ts';
import { addressKey, maskEmail, normaliseEmail, sealingKey } from './sign-in-key.ts';
import { failed, passedStep, succeeded, takeSlot } from './throttle.ts';
import { newSecret, secretId } from './tokens.ts';
import { codeStep, manualKey, newTotpSecret, otpauthUri } from './totp.ts';
import { viewerOf } from './viewer-of.ts';

// Signing in, step by step: the password; then, for a person enrolled in two-factor sign-in, a code
// of their authenticator app (or, when their role requires it and they are not enrolled yet, the
// enrolment); then, when the password has expired, a new one. Each step after the first is carried
// by a short-lived challenge (challenges.ts). Every step that checks a secret goes through the same
// per-address counter (throttle.ts): wrong passwords and wrong codes add up to one lock.

type Deps = { prisma: PrismaClient; auth: AuthSettings };

export type NextStep =
  | 'double_facteur_requis'
  | 'inscription_double_facteur_requise'
  | 'changement_mot_de_passe_requis';
export type Refusal = 'identifiants_invalides' | 'compte_verrouille' | 'code_invalide' | 'verification_expiree';

export type SignInResult =
  | { ok: true; sessionToken: string; expiresAt: Date; viewer: Viewer }
  | { ok: false; code: NextStep; message: string; challenge: string; expiresAt: Date }
  | { ok: false; code: Refusal; message: string; retryAfterSeconds?: number }
  | { ok: false; code: 'mot_de_passe_refuse'; message: string; field: 'newPassword' | 'currentPassword' };

// Compared against when the email is unknown, so that a wrong email costs the same time as a wrong
// password and does not reveal which accounts exist.
const decoy = hashPassword('leurre-pour-un-compte-inconnu-0');

const INVALID = 'Adresse électronique ou mot de passe incorrect.';
const MESSAGES: Record<NextStep | 'code_invalide' | 'verification_expiree', string> = {
  double_facteur_requis: 'Saisissez le code à 6 chiffres affiché par votre application d’authentification.',
  inscription_double_facteur_requise:
    'Votre rôle exige une connexion en deux étapes : configurez une application d’authentification pour continuer.',
  changement_mot_de_passe_requis: 'Votre mot de passe a expiré : choisissez-en un nouveau pour continuer.',
  code_invalide: 'Code incorrect : saisissez le code affiché à l’instant par votre application d’authentification.',
  verification_expiree: 'Cette étape de connexion a expiré ou a déjà servi : reconnectez-vous avec votre mot de passe.',
};

/** A line of the sign-in journal: the address under its keyed hash and masked, never in clear. */
const journalLine = (signInKey: Buffer, email: string, outcome: string, userId?: string, ip?: string) => ({
  addressKey: addressKey(signInKey, email),
  maskedEmail: maskEmail(email),
  outcome,
  userId: userId ?? null,
  ip: ip ?? null,
});

const record = (deps: Deps, email: string, outcome: string, userId?: string, ip?: string) =>
  deps.prisma.signInEvent.create({ data: journalLine(deps.auth.signInKey, email, outcome, userId, ip) });

/**
 * The first step. Unknown and known addresses take the same path — a slot in the counter, the same
 * slow-down, a password hash checked, the same answer — so that nothing tells which accounts exist.
 */
export async function signIn(
  deps: Deps,
  attempt: { email: string; password: string; ip?: string },
): Promise<SignInResult> {
  const { prisma, auth } = deps;
  const email = normaliseEmail(attempt.email);
  const key = addressKey(auth.signInKey, email);
  const slot = await takeSlot(prisma, key, auth);
  const found = await prisma.user.findUnique({ where: { email } });
  // A handed-out password past its date (an invitation not taken up) opens nothing, like a wrong one.
  const user = found?.active && !temporaryPasswordLapsed(found) ? found : null;
  if (!slot.allowed) {
    await record(deps, email, 'verrouille', user?.id, attempt.ip);
    return locked(slot.remainingMs);
  }
  await slowDown(slot.attempt - 1);
  const right = await verifyPassword(attempt.password, user?.passwordHash ?? (await decoy));
  if (!user || !right) {
    const lockedNow = await failed(prisma, key, slot.attempt, auth);
    await record(deps, email, lockedNow ? 'verrouillage' : 'echec', user?.id, attempt.ip);
    return lockedNow ? locked(auth.lockDurationMs) : { ok: false, code: 'identifiants_invalides', message: INVALID };
  }
  if (user.totpSecret) {
    await passedStep(prisma, key);
    return step('double_facteur_requis', await issueChallenge(prisma, user.id, 'code'));
  }
  if (user.roles.some((role) => auth.totpRequiredRoles.includes(role as never))) {
    await passedStep(prisma, key);
    return step('inscription_double_facteur_requise', await issueChallenge(prisma, user.id, 'inscription'));
  }
  await succeeded(prisma, key);
  return afterFactors(deps, user, attempt.ip);
}

/** The second step: the code of the person's authenticator app, each code accepted once. */
export async function signInWithCode(
  deps: Deps,
  attempt: { challenge: string; code: string; ip?: string },
): Promise<SignInResult> {
  const row = await findChallenge(deps.prisma, attempt.challenge, ['code']);
  if (!row?.user.totpSecret) return expired();
  const { user } = row;
  const secret = openSecret(sealingKey(deps.auth.signInKey), user.totpSecret as string, user.id);
  return checkCode(deps, user, secret, attempt, async (step) => {
    const fresh = await deps.prisma.user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return fresh.count === 1 && (await useChallenge(deps.prisma, row.id));
  });
}

/**
 * Begins an enrolment, from the sign-in step that asks for it or from a signed-in session (a person
 * not enrolled yet): a new secret, shown once as an otpauth URI and a key to type, kept sealed in the
 * enrolment's challenge until a first code confirms it.
 */
export async function startTotpEnrolment(
  deps: Deps,
  from: { challenge: string } | { viewer: Viewer },
): Promise<
  | { ok: true; otpauthUri: string; manualKey: string; enrolment: string; expiresAt: Date }
  | { ok: false; code: 'verification_expiree' | 'deja_active'; message: string }
> {
  let user: User | null;
  if ('challenge' in from) {
    const row = await findChallenge(deps.prisma, from.challenge, ['inscription']);
    user = row && (await useChallenge(deps.prisma, row.id)) ? row.user : null;
    if (!user) return expired();
  } else {
    user = await deps.prisma.user.findUniqueOrThrow({ where: { id: from.viewer.userId } });
    if (user.totpSecret) {
      return {
        ok: false,
        code: 'deja_active',
        message: 'La connexion en deux étapes est déjà activée pour votre compte.',
      };
    }
  }
  const secret = newTotpSecret();
  const sealed = sealSecret(sealingKey(deps.auth.signInKey), secret, user.id);
  const { challenge, expiresAt } = await issueChallenge(deps.prisma, user.id, 'secret', sealed);
  return {
    ok: true,
    otpauthUri: otpauthUri(secret, user.email),
    manualKey: manualKey(secret),
    enrolment: challenge,
    expiresAt,
  };
}

/** Ends an enrolment with a first code of the new secret; the person is then signed in. */
export async function confirmTotpEnrolment(
  deps: Deps,
  attempt: { enrolment: string; code: string; ip?: string },
): Promise<SignInResult> {
  const row = await findChallenge(deps.prisma, attempt.enrolment, ['secret']);
  if (!row?.pendingSecret) return expired();
  const { user, pendingSecret } = row;
  const secret = openSecret(sealingKey(deps.auth.signInKey), pendingSecret, user.id);
  return checkCode(deps, user, secret, attempt, async (step) => {
    if (!(await useChallenge(deps.prisma, row.id))) return false;
    await deps.prisma.$transaction([
      deps.prisma.user.update({
        where: { id: user.id },
        data: { totpSecret: pendingSecret, totpEnabledAt: new Date(), totpLastStep: step },
      }),
      deps.prisma.signInEvent.create({
        data: journalLine(deps.auth.signInKey, user.email, 'double_facteur_active', user.id, attempt.ip),
      }),
    ]);
    return true;
  });
}

/**
 * A new password: at sign-in when the old one has expired (with its challenge), or from a signed-in
 * session (with the current password). Every other session of the person ends; the answer opens a
 * fresh one. A password the policy refuses changes nothing.
 */
export async function changePassword(
  deps: Deps,
  request: ({ challenge: string } | { viewer: Viewer; currentPassword: string }) & { newPassword: string; ip?: string },
): Promise<SignInResult> {
  const { prisma, auth } = deps;
  let user: User;
  let challengeId: string | undefined;
  if ('challenge' in request) {
    const row = await findChallenge(prisma, request.challenge, ['mot_de_passe']);
    if (!row) return expired();
    user = row.user;
    challengeId = row.id;
  } else {
    user = await prisma.user.findUniqueOrThrow({ where: { id: request.viewer.userId } });
    // A session left open must not become a way to guess the password: same counter as signing in.
    const key = addressKey(auth.signInKey, user.email);
    const slot = await takeSlot(prisma, key, auth);
    if (!slot.allowed) return locked(slot.remainingMs);
    await slowDown(slot.attempt - 1);
    if (!(await verifyPassword(request.currentPassword, user.passwordHash))) {
      const lockedNow = await failed(prisma, key, slot.attempt, auth);
      await record(deps, user.email, lockedNow ? 'verrouillage' : 'echec', user.id, request.ip);
      return lockedNow
        ? locked(auth.lockDurationMs)
        : {
            ok: false,
            code: 'mot_de_passe_refuse',
            field: 'currentPassword',
            message: 'Le mot de passe actuel est incorrect.',
          };
    }
    await succeeded(prisma, key);
  }
  const problem = passwordProblem(request.newPassword, auth.passwordPolicy);
  if (problem) return { ok: false, code: 'mot_de_passe_refuse', field: 'newPassword', message: problem };
  if (await verifyPassword(request.newPassword, user.passwordHash)) {
    return {
      ok: false,
      code: 'mot_de_passe_refuse',
      field: 'newPassword',
      message: 'Choisissez un mot de passe différent de l’actuel.',
    };
  }
  if (challengeId && !(await useChallenge(prisma, challengeId))) return expired();
  const now = new Date();
  const passwordHash = await hashPassword(request.newPassword);
  await prisma.$transaction([
    prisma.user.update({
      where: { id: user.id },
      data: { passwordHash, passwordChangedAt: now, temporaryPasswordUntil: null },
    }),
    prisma.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } }),
    prisma.signInEvent.create({
      data: journalLine(deps.auth.signInKey, user.email, 'mot_de_passe_change', user.id, request.ip),
    }),
  ]);
  return openSession(deps, { ...user, passwordChangedAt: now }, request.ip);
}

/** Ends a session; recorded like a sign-in. Unknown or already ended sessions are ignored. */
export async function signOut(
  deps: { prisma: PrismaClient; auth: { signInKey: Buffer } },
  sessionToken: string,
  ip?: string,
): Promise<void> {
  const session = await deps.prisma.session.findUnique({
    where: { id: secretId(sessionToken) },
    include: { user: true },
  });
  if (!session || session.revokedAt) return;
  await deps.prisma.$transaction([
    deps.prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date() } }),
    deps.prisma.signInEvent.create({
      data: journalLine(deps.auth.signInKey, session.user.email, 'deconnexion', session.userId, ip),
    }),
  ]);
}

/** Checks a code through the counter; `accept` records it (false: it was used meanwhile). */
async function checkCode(
  deps: Deps,
  user: User,
  secret: string,
  attempt: { code: string; ip?: string },
  accept: (step: number) => Promise<boolean>,
): Promise<SignInResult> {
  const { prisma, auth } = deps;
  const key = addressKey(auth.signInKey, user.email);
  const slot = await takeSlot(prisma, key, auth);
  if (!slot.allowed) {
    await record(deps, user.email, 'verrouille', user.id, attempt.ip);
    return locked(slot.remainingMs);
  }
  await slowDown(slot.attempt - 1);
  const step = codeStep(secret, attempt.code);
  if (step === null || !(await accept(step))) {
    const lockedNow = await failed(prisma, key, slot.attempt, auth);
    await record(deps, user.email, lockedNow ? 'verrouillage' : 'echec_code', user.id, attempt.ip);
    return lockedNow
      ? locked(auth.lockDurationMs)
      : { ok: false, code: 'code_invalide', message: MESSAGES.code_invalide };
  }
  await succeeded(prisma, key);
  return afterFactors(deps, await prisma.user.findUniqueOrThrow({ where: { id: user.id } }), attempt.ip);
}

const temporaryPasswordLapsed = (user: User) =>
  user.temporaryPasswordUntil !== null && user.temporaryPasswordUntil.getTime() <= Date.now();

/** Every factor passed: a new password if the old one expired or was handed out, else the session. */
async function afterFactors(deps: Deps, user: User, ip?: string): Promise<SignInResult> {
  if (user.temporaryPasswordUntil !== null) {
    return {
      ok: false,
      code: 'changement_mot_de_passe_requis',
      ...(await issueChallenge(deps.prisma, user.id, 'mot_de_passe')),
      message: 'Le code reçu par courriel ne sert qu’une fois : choisissez votre mot de passe pour continuer.',
    };
  }
  if (passwordExpired(user.passwordChangedAt, deps.auth.passwordPolicy)) {
    return step('changement_mot_de_passe_requis', await issueChallenge(deps.prisma, user.id, 'mot_de_passe'));
  }
  return openSession(deps, user, ip);
}

async function openSession(deps: Deps, user: User, ip?: string): Promise<SignInResult> {
  const sessionToken = newSecret();
  const expiresAt = new Date(Date.now() + deps.auth.sessionDurationMs);
  await deps.prisma.$transaction([
    deps.prisma.session.create({ data: { id: secretId(sessionToken), userId: user.id, expiresAt } }),
    deps.prisma.signInEvent.create({ data: journalLine(deps.auth.signInKey, user.email, 'succes', user.id, ip) }),
  ]);
  const organisation = await deps.prisma.organisation.findUniqueOrThrow({ where: { id: user.organisationId } });
  return { ok: true, sessionToken, expiresAt, viewer: viewerOf({ ...user, organisation }) };
}

const step = (code: NextStep, issued: { challenge: string; expiresAt: Date }): SignInResult => ({
  ok: false,
  code,
  message: MESSAGES[code],
  ...issued,
});

const expired = () => ({ ok: false, code: 'verification_expiree', message: MESSAGES.verification_expiree }) as const;

function locked(remainingMs: number): SignInResult {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return {
    ok: false,
    code: 'compte_verrouille',
    message: `Trop de tentatives échouées : le compte est verrouillé. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    retryAfterSeconds: Math.ceil(remainingMs / 1000),
  };
}

/** 250 ms after one failure, doubling with each further one, at most 4 s. */
const slowDown = (failures: number): Promise<void> =>
  failures > 0
    ? new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (failures - 1), 4000)))
    : Promise.resolve();
