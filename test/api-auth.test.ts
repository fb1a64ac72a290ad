import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { SESSION_COOKIE } from '../services/auth/settings.ts';
import { addressKey } from '../services/auth/sign-in-key.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { ensureAdministrator } from '../services/people/ensure-administrator.ts';
import { loadDemoData } from '../services/people/load-demo-data.ts';
import { type ApiServer, startApi } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { as, type People, type Person, TEST_PASSWORD } from './support/people.ts';

// Signing in and out, sessions, bearer tokens, the slow-down and the lock, and the accounts created at
// start-up — all through the API over HTTP, as the portal and the IPM software use it.

let suite: ApiSuite;
let api: ApiServer;
let people: People;

const LOCK_AFTER = 3;

beforeAll(async () => {
  suite = await createApiSuite({ auth: { lockAfterFailures: LOCK_AFTER, lockDurationMs: 15 * 60_000 } });
  ({ api, people } = suite);
});
afterAll(() => suite?.close());

const ME = '{ me { id email roles organisation { id } } }';
const CASES = '{ cases { __typename ... on Error { code message } } }';

const events = (email: string) =>
  suite.h.prisma.signInEvent
    .findMany({ where: { addressKey: addressKey(api.auth.signInKey, email) }, orderBy: { id: 'asc' } })
    .then((rows) => rows.map((r) => r.outcome));

/** A person of their own, so that locking them does not disturb the other tests. */
async function freshPerson(key: 'agentA' | 'agentB' | 'analyste'): Promise<Person> {
  const base = people.person[key];
  const email = `${key.toLowerCase()}.${Math.random().toString(36).slice(2, 10)}@test.siamo.sn`;
  const source = await suite.h.prisma.user.findUniqueOrThrow({ where: { id: base.id } });
  const user = await suite.h.prisma.user.create({
    data: {
      email,
      displayName: email,
      passwordHash: source.passwordHash,
      organisationId: base.organisationId,
      roles: [base.role],
    },
  });
  return { ...base, id: user.id, email };
}

describe('signing in', () => {
  it('opens a session held in an http-only, SameSite=Lax cookie, and records it', async () => {
    const person = people.person.gerantA;
    const { cookie, answer } = await api.signIn(person.email.toUpperCase(), TEST_PASSWORD);
    expect(answer.data.signIn.__typename).toBe('SignInPayload');
    const setCookie = answer.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
    expect(maxAge).toBeGreaterThan(api.auth.sessionDurationMs / 1000 - 5);
    expect(maxAge).toBeLessThanOrEqual(api.auth.sessionDurationMs / 1000);
    expect(setCookie).not.toContain('Secure');

    const me = await api.gql(ME, {}, { cookie });
    expect(me.data.me).toEqual({
      id: person.id,
      email: person.email,
      roles: ['gerant_ipm'],
      organisation: { id: person.organisationId },
    });
    expect((await events(person.email)).at(-1)).toBe('succes');
    const recorded = await suite.h.prisma.signInEvent.findFirstOrThrow({
      where: { addressKey: addressKey(api.auth.signInKey, person.email) },
      orderBy: { id: 'desc' },
    });
    expect(recorded).toMatchObject({ userId: person.id, ip: '127.0.0.1' });
    // The journal names the address under its keyed hash and masked, never in clear.
    expect(recorded.maskedEmail).toBe(`${person.email[0]}…@${person.email.split('@')[1]}`);
    expect(JSON.stringify(recorded, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(person.email);
  });

  it('records the address a local proxy (the portal) forwards', async () => {
    const person = people.person.analyste;
    await api.gql(
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }',
      { e: person.email, p: TEST_PASSWORD },
      null,
      { 'x-forwarded-for': '10.0.0.1, 196.207.200.12' },
    );
    const recorded = await suite.h.prisma.signInEvent.findFirstOrThrow({
      where: { addressKey: addressKey(api.auth.signInKey, person.email) },
      orderBy: { id: 'desc' },
    });
    expect(recorded).toMatchObject({ outcome: 'succes', ip: '196.207.200.12' });
  });

  it('marks the cookie Secure when SECURE_COOKIES is on', async () => {
    const secure = await startApi(suite.h, { auth: { secureCookies: true } });
    try {
      const { answer } = await secure.signIn(people.person.agentA.email, TEST_PASSWORD);
      expect(answer.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it('answers an unknown address as a wrong password, and slows both down', async () => {
    const unknown = `personne.${Date.now()}@test.siamo.sn`;
    const first = await api.signIn(unknown, TEST_PASSWORD);
    expect(first.answer.data.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      code: 'identifiants_invalides',
      message: 'Adresse électronique ou mot de passe incorrect.',
    });
    expect(first.cookie).toBe('');
    const started = performance.now();
    const second = await api.signIn(unknown, TEST_PASSWORD);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(second.answer.data.signIn.__typename).toBe('InvalidCredentialsError');

    const wrong = await api.signIn(people.person.directeur.email, 'pas-le-bon-1');
    expect(wrong.answer.data.signIn).toEqual(first.answer.data.signIn);
    expect(await events(unknown)).toEqual(['echec', 'echec']);
  });

  it('slows repeated failures down, then locks the account, even against the right password', async () => {
    const person = await freshPerson('agentA');
    const timed = async (password: string) => {
      const started = performance.now();
      const { answer } = await api.signIn(person.email, password);
      return { result: answer.data.signIn, ms: performance.now() - started };
    };
    const first = await timed('mauvais-mot-1');
    const second = await timed('mauvais-mot-2');
    const third = await timed('mauvais-mot-3');
    expect(first.result.__typename).toBe('InvalidCredentialsError');
    expect(second.result.__typename).toBe('InvalidCredentialsError');
    expect(second.ms).toBeGreaterThanOrEqual(250);
    expect(third.ms).toBeGreaterThanOrEqual(500);
    expect(third.result).toEqual({
      __typename: 'AccountLockedError',
      code: 'compte_verrouille',
      message: 'Trop de tentatives échouées : le compte est verrouillé. Réessayez dans 15 minutes.',
    });
    const locked = await api.gql(
      'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename ... on AccountLockedError { retryAfterSeconds message } } }',
      { e: person.email, p: TEST_PASSWORD },
    );
    expect(locked.data.signIn.__typename).toBe('AccountLockedError');
    expect(locked.data.signIn.retryAfterSeconds).toBeGreaterThan(890);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(await events(person.email)).toEqual(['echec', 'echec', 'verrouillage', 'verrouille']);

    // Once the lock has run out, the right password opens a session and the count starts again.
    const key = addressKey(api.auth.signInKey, person.email);
    await suite.h.prisma.signInThrottle.update({ where: { key }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const after = await api.signIn(person.email, TEST_PASSWORD);
    expect(after.answer.data.signIn.__typename).toBe('SignInPayload');
    expect(await suite.h.prisma.signInThrottle.findUnique({ where: { key } })).toBeNull();
  });

  describe('under 40 guesses sent at once', () => {
    const GUESSES = 40;
    const burst = (email: string) =>
      Promise.all(Array.from({ length: GUESSES }, (_, i) => api.signIn(email, `mauvais-mot-${i}`)));
    const count = (values: string[]) => {
      const counts: Record<string, number> = {};
      for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
      return counts;
    };
    const kinds = (answers: Awaited<ReturnType<typeof burst>>) =>
      count(answers.map(({ answer }) => answer.data.signIn.__typename));
    // Evaluated: the failures and the one that locked; every other guess is refused unread.
    const EXPECTED_OUTCOMES = { echec: LOCK_AFTER - 1, verrouillage: 1, verrouille: GUESSES - LOCK_AFTER };
    const EXPECTED_ANSWERS = { InvalidCredentialsError: LOCK_AFTER - 1, AccountLockedError: GUESSES - LOCK_AFTER + 1 };

    it('evaluates at most SIGNIN_LOCK_AFTER of them for a known address, and locks it', async () => {
      const person = await freshPerson('agentB');
      const answers = await burst(person.email);
      expect(answers.every((g) => g.cookie === '')).toBe(true);
      expect(kinds(answers)).toEqual(EXPECTED_ANSWERS);
      expect(count(await events(person.email))).toEqual(EXPECTED_OUTCOMES);
      expect((await api.signIn(person.email, TEST_PASSWORD)).answer.data.signIn.__typename).toBe('AccountLockedError');
    });

    it('treats an unknown address the same way, with the same answers', async () => {
      const unknown = `inconnu.${Date.now()}@test.siamo.sn`;
      const answers = await burst(unknown);
      expect(kinds(answers)).toEqual(EXPECTED_ANSWERS);
      expect(count(await events(unknown))).toEqual(EXPECTED_OUTCOMES);
      const known = await freshPerson('agentA');
      const knownAnswers = await burst(known.email);
      const texts = (list: typeof answers) => count(list.map(({ answer }) => JSON.stringify(answer.data.signIn)));
      expect(texts(answers)).toEqual(texts(knownAnswers));
      // The counters name addresses by a keyed hash only.
      const rows = await suite.h.prisma.signInThrottle.findMany();
      for (const row of rows) expect(row.key).toMatch(/^[0-9a-f]{64}$/);
      expect(rows.map((r) => r.key)).toContain(addressKey(api.auth.signInKey, unknown.toUpperCase()));
    });
  });

  it('refuses an inactive person, their sessions and their bearer tokens', async () => {
    const person = await freshPerson('analyste');
    const session = (await api.signIn(person.email, TEST_PASSWORD)).cookie;
    const token = await createApiToken(suite.h.prisma, { userId: person.id, label: 'logiciel' });
    expect((await api.gql(ME, {}, { cookie: session })).data.me.id).toBe(person.id);
    expect((await api.gql(ME, {}, { token })).data.me.id).toBe(person.id);
    expect((await api.get('/portefeuille/rapport.docx', { token })).status).toBe(200);

    await suite.h.prisma.user.update({ where: { id: person.id }, data: { active: false } });
    expect((await api.signIn(person.email, TEST_PASSWORD)).answer.data.signIn.__typename).toBe(
      'InvalidCredentialsError',
    );
    for (const credentials of [{ cookie: session }, { token }]) {
      expect((await api.gql(ME, {}, credentials)).data.me).toBeNull();
      expect((await api.gql(CASES, {}, credentials)).data.cases.__typename).toBe('NotSignedInError');
      expect((await api.get('/portefeuille/rapport.docx', credentials)).status).toBe(401);
    }
  });

  it('refuses an oversized input as invalid', async () => {
    const answer = await api.gql(
      'mutation($e: String!) { signIn(email: $e, password: "x") { __typename ... on InvalidInputError { fields { field message } } } }',
      { e: `${'a'.repeat(400)}@test.siamo.sn` },
    );
    expect(answer.data.signIn).toEqual({
      __typename: 'InvalidInputError',
      fields: [{ field: 'email', message: 'Valeur trop longue.' }],
    });
  });
});

describe('sessions', () => {
  it('end on sign-out: the cookie is cleared, the session refused, the sign-out recorded', async () => {
    const person = people.person.agentMinistere;
    const { cookie } = await api.signIn(person.email, TEST_PASSWORD);
    const out = await api.gql('mutation { signOut }', {}, { cookie });
    expect(out.data.signOut).toBe(true);
    expect(out.headers.get('set-cookie')).toMatch(
      new RegExp(`^${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`),
    );
    expect((await api.gql(ME, {}, { cookie })).data.me).toBeNull();
    expect((await api.gql(CASES, {}, { cookie })).data.cases).toEqual({
      __typename: 'NotSignedInError',
      code: 'non_authentifie',
      message: 'Vous n’êtes pas connecté, ou votre session a expiré : connectez-vous.',
    });
    expect((await events(person.email)).slice(-2)).toEqual(['succes', 'deconnexion']);
  });

  it('expire', async () => {
    const person = people.person.agentPs;
    const { cookie } = await api.signIn(person.email, TEST_PASSWORD);
    expect((await api.gql(ME, {}, { cookie })).data.me.id).toBe(person.id);
    await suite.h.prisma.session.updateMany({
      where: { userId: person.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await api.gql(CASES, {}, { cookie })).data.cases.__typename).toBe('NotSignedInError');
  });

  it('ignore a mangled cookie', async () => {
    const answer = await api.gql(ME, {}, { cookie: `${SESSION_COOKIE}=%E0%A4%A` });
    expect(answer.status).toBe(200);
    expect(answer.data.me).toBeNull();
  });
});

describe('bearer tokens for machine clients', () => {
  it('are created from a session, act as their person, and stop at once when revoked', async () => {
    const person = people.person.gerantB;
    const { cookie } = await api.signIn(person.email, TEST_PASSWORD);
    const created = await api.gql(
      'mutation { createApiToken(label: "Logiciel de gestion IPM") { __typename ... on ApiTokenPayload { id token label expiresAt } } }',
      {},
      { cookie },
    );
    const { id, token } = created.data.createApiToken;
    expect(created.data.createApiToken).toMatchObject({ label: 'Logiciel de gestion IPM', expiresAt: null });
    expect((await api.gql(ME, {}, { token })).data.me.id).toBe(person.id);

    const minted = await api.gql(
      'mutation { createApiToken(label: "autre") { __typename ... on Error { message } } }',
      {},
      { token },
    );
    expect(minted.data.createApiToken).toEqual({
      __typename: 'ForbiddenError',
      message: 'Un jeton d’accès se crée depuis une session ouverte avec un mot de passe, pas avec un autre jeton.',
    });

    const revoked = await api.gql('mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }', { id }, { token });
    expect(revoked.data.revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    expect((await api.gql(ME, {}, { token })).data.me).toBeNull();
    expect((await api.gql(CASES, {}, { token })).data.cases.__typename).toBe('NotSignedInError');
  });

  it('are created for another account by the administrator only', async () => {
    const target = people.person.agentA;
    const create = async (by: Person) => {
      const { cookie } = await api.signIn(by.email, TEST_PASSWORD);
      const answer = await api.gql(
        'mutation($u: ID!) { createApiToken(label: "Compte technique", userId: $u) { __typename ... on ApiTokenPayload { token } ... on Error { message } } }',
        { u: target.id },
        { cookie },
      );
      return answer.data.createApiToken;
    };
    expect(await create(people.person.gerantA)).toEqual({
      __typename: 'ForbiddenError',
      message: 'Seul un administrateur crée un jeton pour une autre personne.',
    });
    const { token } = await create(people.person.admin);
    expect((await api.gql(ME, {}, { token })).data.me.id).toBe(target.id);
  });

  it('cannot be revoked by another person', async () => {
    const owner = people.person.agentA;
    const { cookie } = await api.signIn(owner.email, TEST_PASSWORD);
    const created = await api.gql(
      'mutation { createApiToken(label: "Logiciel de gestion IPM") { __typename ... on ApiTokenPayload { id token } } }',
      {},
      { cookie },
    );
    const { id, token } = created.data.createApiToken;
    const revoke = (by: Person) =>
      api
        .gql('mutation($id: ID!) { revokeApiToken(id: $id) { __typename ... on Error { message } } }', { id }, as(by))
        .then((a) => a.data.revokeApiToken);
    // Not their own, whether from the same organisation (the gérant) or another one: as if it did not exist.
    for (const other of [people.person.gerantA, people.person.agentB, people.person.directeur]) {
      expect(await revoke(other), other.key).toEqual({
        __typename: 'NotFoundError',
        message: `Le jeton « ${id} » est introuvable ou déjà révoqué.`,
      });
    }
    expect((await api.gql(ME, {}, { token })).data.me.id).toBe(owner.id);
    expect(await suite.h.prisma.apiToken.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokedAt: null });

    // The administrator may: the refusals above are not a token that cannot be revoked at all.
    expect(await revoke(people.person.admin)).toEqual({ __typename: 'RevokeApiTokenSuccess' });
    expect((await api.gql(ME, {}, { token })).data.me).toBeNull();
  });
});

describe('accounts created at start-up', () => {
  it('creates the administrator of the configuration, and takes its password back from there', async () => {
    const prisma = suite.h.prisma;
    const email = `Admin.${Date.now()}@Sante.gouv.sn`;
    await expect(ensureAdministrator(prisma, { email, password: 'Admin-Siamo-2026' }, api.auth)).resolves.toBe(
      'created',
    );
    await expect(ensureAdministrator(prisma, { email, password: 'Admin-Siamo-2026' }, api.auth)).resolves.toBe(
      'unchanged',
    );
    const signedIn = await api.signIn(email, 'Admin-Siamo-2026');
    expect(signedIn.answer.data.signIn.__typename).toBe('SignInPayload');
    expect((await api.gql(ME, {}, { cookie: signedIn.cookie })).data.me.roles).toEqual(['administrateur']);

    // Locked out: changing the configured password lets the administrator back in.
    for (let i = 0; i < LOCK_AFTER; i++) await api.signIn(email, `mauvais-mot-${i}`);
    expect((await api.signIn(email, 'Admin-Siamo-2026')).answer.data.signIn.__typename).toBe('AccountLockedError');
    await expect(ensureAdministrator(prisma, { email, password: 'Nouveau-mot-2027' }, api.auth)).resolves.toBe(
      'updated',
    );
    expect((await api.signIn(email, 'Nouveau-mot-2027')).answer.data.signIn.__typename).toBe('SignInPayload');
    await expect(ensureAdministrator(prisma, { email, password: 'court-mot-1' }, api.auth)).rejects.toThrow(
      'SIAMO_ADMIN_PASSWORD : Le mot de passe doit compter au moins 12 caractères.',
    );
    await expect(ensureAdministrator(prisma, { email, password: 'motdepasselong' }, api.auth)).rejects.toThrow(
      'SIAMO_ADMIN_PASSWORD : Le mot de passe doit contenir au moins une lettre et un chiffre.',
    );
  });

  it('loads the demo accounts once, one per role, each able to sign in', async () => {
    const created = await loadDemoData(suite.h.prisma);
    expect(created).toHaveLength(DEMO_ACCOUNTS.length);
    expect(await loadDemoData(suite.h.prisma)).toEqual([]);
    const roles = new Set<string>();
    for (const account of DEMO_ACCOUNTS) {
      const { cookie, answer } = await api.signIn(account.email, DEMO_PASSWORD);
      expect(answer.data.signIn.__typename, account.email).toBe('SignInPayload');
      const me = await api.gql(ME, {}, { cookie });
      expect(me.data.me.organisation.id).toBe(account.organisationId);
      for (const role of me.data.me.roles) roles.add(role);
    }
    const everyRole = (
      await api.gql('{ roles { ... on RolesSuccess { data { id } } } }', {}, as(people.person.admin))
    ).data.roles.data
      .map((r: { id: string }) => r.id)
      .filter((r: string) => r !== 'systeme');
    expect([...roles].sort()).toEqual(everyRole.sort());
  });
});
