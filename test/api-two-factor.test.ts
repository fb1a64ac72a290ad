import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSignInKey } from '../runtime/sign-in-key.ts';
import { hashPassword } from '../services/auth/password.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { openSecret, sealSecret } from '../services/auth/secret-box.ts';
import { DEFAULT_TOTP_ROLES } from '../services/auth/settings.ts';
import { sealingKey } from '../services/auth/sign-in-key.ts';
import { codeAt } from '../services/auth/totp.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { type People, type PersonKey, TEST_PASSWORD } from './support/people.ts';

// Two-factor sign-in (TOTP) and the password policy, through the API over HTTP: the steps after the
// password, each carried by its challenge; enrolment; a code used once; wrong codes counted with wrong
// passwords; an expired password changed at sign-in.

let suite: ApiSuite;
let api: ApiServer;
let people: People;

const LOCK_AFTER = 3;
const MAX_AGE_MS = 90 * 24 * 3600_000;

beforeAll(async () => {
  suite = await createApiSuite({
    auth: {
      lockAfterFailures: LOCK_AFTER,
      totpRequiredRoles: DEFAULT_TOTP_ROLES,
      passwordPolicy: { minLength: 12, maxAgeMs: MAX_AGE_MS },
    },
  });
  ({ api, people } = suite);
});
afterAll(() => suite?.close());

const ME = '{ me { id } }';
const STEP = `__typename ... on Error { code message }
  ... on TwoFactorRequiredError { challenge expiresAt }
  ... on TwoFactorEnrolmentRequiredError { challenge expiresAt }
  ... on PasswordChangeRequiredError { challenge expiresAt }
  ... on InvalidInputError { fields { field message } }
  ... on SignInPayload { user { id } }`;

const signIn = (email: string, password = TEST_PASSWORD) =>
  api.gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { ${STEP} } }`, {
    e: email,
    p: password,
  });
const withCode = (challenge: string, code: string) =>
  api.gql(`mutation($c: String!, $k: String!) { signInWithCode(challenge: $c, code: $k) { ${STEP} } }`, {
    c: challenge,
    k: code,
  });
const startEnrolment = (challenge: string | null, as?: Credentials) =>
  api.gql(
    `mutation($c: String) { startTotpEnrolment(challenge: $c) {
      __typename ... on Error { code message } ... on TotpEnrolment { otpauthUri manualKey enrolment expiresAt } } }`,
    { c: challenge },
    as,
  );
const confirmEnrolment = (enrolment: string, code: string) =>
  api.gql(`mutation($e: String!, $k: String!) { confirmTotpEnrolment(enrolment: $e, code: $k) { ${STEP} } }`, {
    e: enrolment,
    k: code,
  });
const changePassword = (
  args: { challenge?: string; currentPassword?: string; newPassword: string },
  as?: Credentials,
) =>
  api.gql(
    `mutation($c: String, $o: String, $n: String!) {
      changePassword(challenge: $c, currentPassword: $o, newPassword: $n) { ${STEP} } }`,
    { c: args.challenge, o: args.currentPassword, n: args.newPassword },
    as,
  );
const cookieOf = (answer: { headers: Headers }) => ({
  cookie: (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
});

/** A person of their own (a new address), so that locking or changing them disturbs no other test. */
async function freshPerson(key: PersonKey) {
  const base = people.person[key];
  const email = `${key.toLowerCase()}.${Math.random().toString(36).slice(2, 10)}@test.siamo.sn`;
  const user = await suite.h.prisma.user.create({
    data: {
      email,
      displayName: email,
      passwordHash: await hashPassword(TEST_PASSWORD),
      organisationId: base.organisationId,
      roles: [base.role],
    },
  });
  return { id: user.id, email };
}

/**
 * The code of the next time step: the enrolment used the current one, and a code is accepted once
 * (a person signing in right after enrolling waits for the next code, or uses it early).
 */
const nextCode = (secret: string) => codeAt(secret, Date.now() + 30_000);

/** The secret of an otpauth URI, as an authenticator app reads it. */
const secretOf = (uri: string) => new URL(uri).searchParams.get('secret') ?? '';

/** Enrols a person through the sign-in that requires it; returns their secret. */
async function enrolAtSignIn(email: string): Promise<string> {
  const first = await signIn(email);
  const started = await startEnrolment(first.data.signIn.challenge);
  const secret = secretOf(started.data.startTotpEnrolment.otpauthUri);
  const confirmed = await confirmEnrolment(started.data.startTotpEnrolment.enrolment, codeAt(secret));
  expect(confirmed.data.confirmTotpEnrolment.__typename).toBe('SignInPayload');
  return secret;
}

describe('a role that requires two-factor sign-in', () => {
  it('is led to enrol at sign-in: the secret is shown once, sealed at rest, and enabled by a first code', async () => {
    const person = await freshPerson('agentMinistere');
    const first = await signIn(person.email);
    expect(first.data.signIn).toMatchObject({
      __typename: 'TwoFactorEnrolmentRequiredError',
      code: 'inscription_double_facteur_requise',
      message:
        'Votre rôle exige une connexion en deux étapes : configurez une application d’authentification pour continuer.',
    });
    expect(first.headers.get('set-cookie')).toBeNull();
    const challenge = first.data.signIn.challenge as string;
    expect(challenge).toMatch(/^[\w-]{40,}$/);
    expect(new Date(first.data.signIn.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const started = await startEnrolment(challenge);
    const enrolment = started.data.startTotpEnrolment;
    expect(enrolment.__typename).toBe('TotpEnrolment');
    const uri = new URL(enrolment.otpauthUri);
    expect(`${uri.protocol}//${uri.host}`).toBe('otpauth://totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Siamo:${person.email}`);
    expect(uri.searchParams.get('issuer')).toBe('Siamo');
    const secret = secretOf(enrolment.otpauthUri);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.manualKey.replaceAll(' ', '')).toBe(secret);
    expect(enrolment.manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    // The sign-in's challenge served once.
    expect((await startEnrolment(challenge)).data.startTotpEnrolment.code).toBe('verification_expiree');

    const wrong = await confirmEnrolment(enrolment.enrolment, '000000' === codeAt(secret) ? '111111' : '000000');
    expect(wrong.data.confirmTotpEnrolment).toMatchObject({ __typename: 'InvalidCodeError', code: 'code_invalide' });
    expect((await suite.h.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).totpSecret).toBeNull();

    const confirmed = await confirmEnrolment(enrolment.enrolment, codeAt(secret));
    expect(confirmed.data.confirmTotpEnrolment).toEqual({ __typename: 'SignInPayload', user: { id: person.id } });
    expect((await api.gql(ME, {}, cookieOf(confirmed))).data.me).toEqual({ id: person.id });

    const stored = await suite.h.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(stored.totpSecret).toMatch(/^v1\./);
    expect(stored.totpSecret).not.toContain(secret);
    expect(openSecret(sealingKey(api.auth.signInKey), stored.totpSecret as string, person.id)).toBe(secret);
    expect((await confirmEnrolment(enrolment.enrolment, codeAt(secret))).data.confirmTotpEnrolment.code).toBe(
      'verification_expiree',
    );
  });

  it('then signs in in two steps, each code accepted once', async () => {
    const person = await freshPerson('analyste');
    const secret = await enrolAtSignIn(person.email);

    const first = await signIn(person.email);
    expect(first.data.signIn).toMatchObject({
      __typename: 'TwoFactorRequiredError',
      code: 'double_facteur_requis',
      message: 'Saisissez le code à 6 chiffres affiché par votre application d’authentification.',
    });
    expect(first.headers.get('set-cookie')).toBeNull();
    const code = nextCode(secret);
    const right = await withCode(first.data.signIn.challenge, code);
    expect(right.data.signInWithCode).toEqual({ __typename: 'SignInPayload', user: { id: person.id } });
    expect((await api.gql(ME, {}, cookieOf(right))).data.me).toEqual({ id: person.id });
    // The challenge is spent, and the same code does not open a second session.
    expect((await withCode(first.data.signIn.challenge, code)).data.signInWithCode.code).toBe('verification_expiree');
    const again = await signIn(person.email);
    const replayed = await withCode(again.data.signIn.challenge, code);
    expect(replayed.data.signInWithCode).toEqual({
      __typename: 'InvalidCodeError',
      code: 'code_invalide',
      message: 'Code incorrect : saisissez le code affiché à l’instant par votre application d’authentification.',
    });
    expect(replayed.headers.get('set-cookie')).toBeNull();
    // Nor does the code of an earlier step, still within the allowed drift.
    expect((await withCode(again.data.signIn.challenge, codeAt(secret))).data.signInWithCode.__typename).toBe(
      'InvalidCodeError',
    );
  });

  it('counts wrong codes with wrong passwords: the address locks', async () => {
    const person = await freshPerson('directeur');
    const secret = await enrolAtSignIn(person.email);
    const { challenge } = (await signIn(person.email)).data.signIn;
    const wrongCode = String((Number(nextCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    const answers = [];
    for (let i = 0; i < LOCK_AFTER; i++)
      answers.push((await withCode(challenge, wrongCode)).data.signInWithCode.__typename);
    expect(answers).toEqual([...Array(LOCK_AFTER - 1).fill('InvalidCodeError'), 'AccountLockedError']);
    expect((await withCode(challenge, nextCode(secret))).data.signInWithCode.__typename).toBe('AccountLockedError');
    expect((await signIn(person.email)).data.signIn.__typename).toBe('AccountLockedError');
  });

  it('refuses a challenge that was never issued, and a malformed code', async () => {
    expect((await withCode('pas-un-defi', '123456')).data.signInWithCode.code).toBe('verification_expiree');
    expect((await startEnrolment(null)).data.startTotpEnrolment).toEqual({
      __typename: 'ChallengeExpiredError',
      code: 'verification_expiree',
      message: 'Connectez-vous d’abord avec votre mot de passe.',
    });
    const person = await freshPerson('pilotage');
    const secret = await enrolAtSignIn(person.email);
    const { challenge } = (await signIn(person.email)).data.signIn;
    expect((await withCode(challenge, 'abcdef')).data.signInWithCode.__typename).toBe('InvalidCodeError');
    expect((await withCode(challenge, nextCode(secret))).data.signInWithCode.__typename).toBe('SignInPayload');
  });
});

describe('a role that does not require it', () => {
  it('signs in with its password, and may enrol from its session', async () => {
    const person = await freshPerson('gerantA');
    const first = await signIn(person.email);
    expect(first.data.signIn.__typename).toBe('SignInPayload');
    const session = cookieOf(first);
    // Not from a machine client's token.
    const token = await createApiToken(suite.h.prisma, { userId: person.id, label: 'logiciel' });
    expect((await startEnrolment(null, { token })).data.startTotpEnrolment.__typename).toBe('ChallengeExpiredError');
    const started = await startEnrolment(null, session);
    const secret = secretOf(started.data.startTotpEnrolment.otpauthUri);
    const confirmed = await confirmEnrolment(started.data.startTotpEnrolment.enrolment, codeAt(secret));
    expect(confirmed.data.confirmTotpEnrolment.__typename).toBe('SignInPayload');
    expect((await startEnrolment(null, session)).data.startTotpEnrolment).toMatchObject({
      __typename: 'ConflictError',
      message: 'La connexion en deux étapes est déjà activée pour votre compte.',
    });
    expect((await signIn(person.email)).data.signIn.__typename).toBe('TwoFactorRequiredError');
  });
});

describe('the password policy', () => {
  it('asks for a new password at sign-in once the old one is older than PASSWORD_MAX_AGE', async () => {
    const person = await freshPerson('agentA');
    const before = cookieOf(await signIn(person.email));
    expect((await api.gql(ME, {}, before)).data.me).toEqual({ id: person.id });
    await suite.h.prisma.user.update({
      where: { id: person.id },
      data: { passwordChangedAt: new Date(Date.now() - MAX_AGE_MS - 60_000) },
    });
    const first = await signIn(person.email);
    expect(first.data.signIn).toMatchObject({
      __typename: 'PasswordChangeRequiredError',
      code: 'changement_mot_de_passe_requis',
      message: 'Votre mot de passe a expiré : choisissez-en un nouveau pour continuer.',
    });
    expect(first.headers.get('set-cookie')).toBeNull();
    const { challenge } = first.data.signIn;
    const stored = await suite.h.prisma.user.findUniqueOrThrow({ where: { id: person.id } });

    for (const [newPassword, message] of <[string, string][]>[
      ['Court-2026', 'Le mot de passe doit compter au moins 12 caractères.'],
      ['seulement-des-lettres', 'Le mot de passe doit contenir au moins une lettre et un chiffre.'],
      [TEST_PASSWORD, 'Choisissez un mot de passe différent de l’actuel.'],
    ]) {
      const refused = await changePassword({ challenge, newPassword });
      expect(refused.data.changePassword).toEqual({
        __typename: 'InvalidInputError',
        code: 'saisie_invalide',
        message: 'Le mot de passe n’a pas été changé : 1 champ à corriger.',
        fields: [{ field: 'newPassword', message }],
      });
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
    // Refusals changed nothing: same password, same date, the earlier session still open.
    expect(await suite.h.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).toEqual(stored);
    expect((await api.gql(ME, {}, before)).data.me).toEqual({ id: person.id });

    const changed = await changePassword({ challenge, newPassword: 'Nouveau-mot-2027' });
    expect(changed.data.changePassword).toEqual({ __typename: 'SignInPayload', user: { id: person.id } });
    expect((await api.gql(ME, {}, cookieOf(changed))).data.me).toEqual({ id: person.id });
    expect((await api.gql(ME, {}, before)).data.me).toBeNull();
    expect((await signIn(person.email)).data.signIn.__typename).toBe('InvalidCredentialsError');
    expect((await signIn(person.email, 'Nouveau-mot-2027')).data.signIn.__typename).toBe('SignInPayload');
    expect((await changePassword({ challenge, newPassword: 'Encore-un-autre-3' })).data.changePassword.code).toBe(
      'verification_expiree',
    );
  });

  it('asks for the code first, then the new password, when both are due', async () => {
    const person = await freshPerson('agentMinistere');
    const secret = await enrolAtSignIn(person.email);
    await suite.h.prisma.user.update({ where: { id: person.id }, data: { passwordChangedAt: new Date(0) } });
    const first = await signIn(person.email);
    expect(first.data.signIn.__typename).toBe('TwoFactorRequiredError');
    const second = await withCode(first.data.signIn.challenge, nextCode(secret));
    expect(second.data.signInWithCode.__typename).toBe('PasswordChangeRequiredError');
    expect(second.headers.get('set-cookie')).toBeNull();
    const changed = await changePassword({
      challenge: second.data.signInWithCode.challenge,
      newPassword: 'Nouveau-mot-2027',
    });
    expect(changed.data.changePassword.__typename).toBe('SignInPayload');
  });

  it('lets a signed-in person change their password with the current one', async () => {
    const person = await freshPerson('agentB');
    const session = cookieOf(await signIn(person.email));
    const wrong = await changePassword({ currentPassword: 'pas-le-bon-1', newPassword: 'Nouveau-mot-2027' }, session);
    expect(wrong.data.changePassword).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }],
    });
    const missing = await changePassword({ newPassword: 'Nouveau-mot-2027' }, session);
    expect(missing.data.changePassword.fields).toEqual([
      { field: 'currentPassword', message: 'Indiquez votre mot de passe actuel.' },
    ]);
    const anonymous = await changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'Nouveau-mot-2027' });
    expect(anonymous.data.changePassword.__typename).toBe('ChallengeExpiredError');
    expect((await signIn(person.email)).data.signIn.__typename).toBe('SignInPayload');

    const changed = await changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'Nouveau-mot-2027' }, session);
    expect(changed.data.changePassword.__typename).toBe('SignInPayload');
    expect((await api.gql(ME, {}, session)).data.me).toBeNull();
    expect((await api.gql(ME, {}, cookieOf(changed))).data.me).toEqual({ id: person.id });
  });
});

describe('the sign-in key', () => {
  it('is generated once in the data folder, readable by its owner only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siamo-cle-'));
    try {
      const logs: string[] = [];
      const first = loadSignInKey({ dataDir: dir, log: (m) => logs.push(m) });
      expect(first).toHaveLength(32);
      const file = path.join(dir, 'keys', 'signin.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadSignInKey({ dataDir: dir, log: (m) => logs.push(m) })).toEqual(first);
      expect(logs).toHaveLength(1);
      const configured = Buffer.alloc(32, 1);
      expect(loadSignInKey({ configured, dataDir: dir, log: () => undefined })).toBe(configured);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('seals a secret that opens for its own person only', () => {
    const key = sealingKey(api.auth.signInKey);
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXP', 'personne-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(key, sealed, 'personne-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(key, sealed, 'personne-2')).toThrow();
    expect(() => openSecret(sealingKey(Buffer.alloc(32, 2)), sealed, 'personne-1')).toThrow();
  });
});
