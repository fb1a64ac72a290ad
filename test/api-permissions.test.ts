import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestDefinition } from '../processes/registry.ts';
import type { Role } from '../processes/roles.ts';
import { schema } from '../schema/index.ts';
import { hasNationalScope } from '../services/case-access.ts';
import { HTTP_OPERATIONS, OPERATIONS, type Operation, PUBLIC_OPERATIONS } from '../services/permissions.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { licensing, OPENING, PIECES } from './support/licensing.ts';
import type { People, Person, PersonKey } from './support/people.ts';
import { TEST_PASSWORD } from './support/people.ts';

// The permissions table (services/permissions.ts) drives this test: for every role and every
// operation of the API, the answer must be what the table says — allowed, or a ForbiddenError — and
// without a session, NotSignedInError. The probes aim at things that do not exist, so that an allowed
// call answers NotFoundError and changes nothing.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
const sessions = new Map<PersonKey, string>();

/** One person per role. */
const BY_ROLE: PersonKey[] = [
  'agentMinistere',
  'directeur',
  'analyste',
  'pilotage',
  'gerantA',
  'agentA',
  'agentPs',
  'employeur',
  'admin',
];

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  for (const key of BY_ROLE) sessions.set(key, (await api.signIn(people.person[key].email, TEST_PASSWORD)).cookie);
});
afterAll(() => suite?.close());

const MISSING = 'nexiste/pas/DU-TOUT';
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

/** The __typename (or HTTP status) an operation answers for these credentials. */
type Probe = (as: Credentials, person: Person | null) => Promise<string>;

const field = async (query: string, name: string, as: Credentials, variables: Record<string, unknown> = {}) => {
  const answer = await api.gql(query, variables, as);
  expect(answer.errors).toBeUndefined();
  return String(answer.data[name]?.__typename ?? answer.data[name]);
};

const PROBES: Record<Operation, Probe> = {
  me: async (as) => (await api.gql('{ me { id } }', {}, as)).data.me?.id ?? 'null',
  roles: (as) => field('{ roles { __typename } }', 'roles', as),
  organisations: (as) => field('{ organisations { __typename } }', 'organisations', as),
  organisation: (as) => field(`{ organisation(id: "${MISSING}") { __typename } }`, 'organisation', as),
  users: (as) => field('{ users { __typename } }', 'users', as),
  user: (as) => field(`{ user(id: "${MISSING}") { __typename } }`, 'user', as),
  processes: (as) => field('{ processes { __typename } }', 'processes', as),
  process: (as) => field(`{ process(id: "${MISSING}") { __typename } }`, 'process', as),
  cases: (as) => field('{ cases { __typename } }', 'cases', as),
  case: (as) => field(`{ case(id: "${MISSING}") { __typename } }`, 'case', as),
  inbox: (as) => field('{ inbox { __typename } }', 'inbox', as),
  startCase: (as) =>
    field(
      `mutation { startCase(input: { processId: "${MISSING}", idempotencyKey: "K-1", input: {} }) { __typename } }`,
      'startCase',
      as,
    ),
  sendEvent: (as) =>
    field(`mutation { sendEvent(input: { caseId: "${MISSING}", event: "x" }) { __typename } }`, 'sendEvent', as),
  assignCase: (as) => field(`mutation { assignCase(caseId: "${MISSING}") { __typename } }`, 'assignCase', as),
  uploadDocument: async (as) => {
    const answer = await api.upload(
      'mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { __typename } }',
      { caseId: MISSING },
      { name: 'piece.pdf', content: PDF },
      as,
    );
    return String(answer.data.uploadDocument?.__typename);
  },
  downloadDocument: async (as) => String((await api.get('/documents/00000000-0000-4000-8000-000000000000', as)).status),
  processBoard: (as) => field(`{ processBoard(processId: "${MISSING}") { __typename } }`, 'processBoard', as),
  portfolio: (as) => field('{ portfolio { __typename } }', 'portfolio', as),
  portfolioReport: async (as) => String((await api.get('/portefeuille/rapport.docx', as)).status),
  // An empty file: read, reported (« fichier vide »), nothing opened.
  importPortfolio: async (as) => {
    const answer = await api.upload(
      'mutation($file: File!) { importPortfolio(file: $file) { __typename } }',
      {},
      { name: 'vide.csv', content: new Uint8Array() },
      as,
    );
    return String(answer.data.importPortfolio?.__typename);
  },
  migrateCases: (as) =>
    field(
      `mutation { migrateCases(input: { processId: "${MISSING}", toVersion: 2, caseIds: ["x"], mapping: [] }) { __typename } }`,
      'migrateCases',
      as,
    ),
  caughtMail: (as) => field('{ caughtMail { __typename } }', 'caughtMail', as),
  notificationPreferences: (as) => field('{ notificationPreferences { __typename } }', 'notificationPreferences', as),
  setNotificationPreference: (as) =>
    field(
      'mutation { setNotificationPreference(kind: "inconnu", mode: "resume") { __typename } }',
      'setNotificationPreference',
      as,
    ),
  caughtMessage: (as) =>
    field('{ caughtMessage(id: "00000000000000000000000000000000") { __typename } }', 'caughtMessage', as),
  supervision: (as) => field('{ supervision { __typename } }', 'supervision', as),
  signOut: async (_as, person) => {
    // A session of its own, so that the table's sessions stay open.
    const own = person ? { cookie: (await api.signIn(person.email, TEST_PASSWORD)).cookie } : null;
    return String((await api.gql('mutation { signOut }', {}, own)).data.signOut);
  },
  createApiToken: (as) => field('mutation { createApiToken(label: "sonde") { __typename } }', 'createApiToken', as),
  revokeApiToken: (as) => field(`mutation { revokeApiToken(id: "${MISSING}") { __typename } }`, 'revokeApiToken', as),
};

/** What an allowed probe answers (it aims at nothing, so mostly NotFoundError). */
const ALLOWED: Record<Operation, string | ((person: Person) => string)> = {
  me: (person) => person.id,
  roles: 'RolesSuccess',
  organisations: 'OrganisationsSuccess',
  organisation: 'NotFoundError',
  users: 'UsersSuccess',
  user: 'NotFoundError',
  processes: 'ProcessesSuccess',
  process: 'NotFoundError',
  cases: 'CasesSuccess',
  case: 'NotFoundError',
  inbox: 'InboxSuccess',
  startCase: 'NotFoundError',
  sendEvent: 'NotFoundError',
  assignCase: 'NotFoundError',
  uploadDocument: 'NotFoundError',
  downloadDocument: '404',
  processBoard: 'NotFoundError',
  portfolio: 'Portfolio',
  portfolioReport: '200',
  importPortfolio: 'PortfolioImport',
  migrateCases: 'NotFoundError',
  caughtMail: 'CaughtMailSuccess',
  notificationPreferences: 'NotificationPreferencesSuccess',
  setNotificationPreference: 'InvalidInputError',
  caughtMessage: 'NotFoundError',
  supervision: 'SupervisionSuccess',
  signOut: 'true',
  createApiToken: 'ApiTokenPayload',
  revokeApiToken: 'NotFoundError',
};
const DENIED: Partial<Record<Operation, string>> = { downloadDocument: '403', portfolioReport: '403' };
const SIGNED_OUT: Partial<Record<Operation, string>> = {
  me: 'null',
  downloadDocument: '401',
  portfolioReport: '401',
  signOut: 'true',
};

describe('the permissions table', () => {
  it('names every operation of the schema, and nothing else', () => {
    const rootFields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.keys((type as GraphQLObjectType).getFields()),
    );
    const tabled = [...Object.keys(OPERATIONS), ...PUBLIC_OPERATIONS].filter(
      (op) => !(HTTP_OPERATIONS as readonly string[]).includes(op),
    );
    expect(rootFields.sort()).toEqual(tabled.sort());
  });

  describe.each(Object.keys(OPERATIONS) as Operation[])('%s', (operation) => {
    it('answers every role as the table says', async () => {
      const rows: [Role, string, string][] = [];
      for (const key of BY_ROLE) {
        const person = people.person[key];
        const allowed = (OPERATIONS[operation] as readonly Role[]).includes(person.role);
        const expected = allowed
          ? (() => {
              const value = ALLOWED[operation];
              return typeof value === 'function' ? value(person) : value;
            })()
          : (DENIED[operation] ?? 'ForbiddenError');
        const actual = await PROBES[operation]({ cookie: sessions.get(key) ?? '' }, person);
        rows.push([person.role, expected, actual]);
      }
      expect(rows.map(([role, , actual]) => [role, actual])).toEqual(rows.map(([role, expected]) => [role, expected]));
    });

    it('asks whoever is not signed in to sign in', async () => {
      expect(await PROBES[operation](null, null)).toBe(SIGNED_OUT[operation] ?? 'NotSignedInError');
    });
  });
});

describe('the process decides behind the table', () => {
  // startCase and sendEvent pass the table for every case-working role; the process definition then
  // says who may open a case and send which event, and the organisation rule who may see the case.
  const agrement = latestDefinition('agrement');

  it('lets only the roles of startRoles open an agrément', async () => {
    const rows: [Role, string, string][] = [];
    for (const key of BY_ROLE) {
      const person = people.person[key];
      const answer = await api.gql(
        `mutation($input: StartCaseInput!) { startCase(input: $input) { __typename } }`,
        { input: { processId: 'agrement', idempotencyKey: uniqueKey('PERM'), input: OPENING } },
        { cookie: sessions.get(key) ?? '' },
      );
      const expected = !(OPERATIONS.startCase as readonly Role[]).includes(person.role)
        ? 'ForbiddenError'
        : agrement?.startRoles.includes(person.role)
          ? 'StartCasePayload'
          : 'NotAllowedError';
      rows.push([person.role, expected, answer.data.startCase.__typename]);
    }
    expect(rows.map(([r, , a]) => [r, a])).toEqual(rows.map(([r, e]) => [r, e]));
  });

  it('lets each role send only its events, on the cases it may see', async () => {
    const l = licensing(api);
    const rows: [Role, string, string][] = [];
    // A case of IPM A, submitted: the ministry agent may now declare it admissible. A refused event
    // leaves it as it is; once one is accepted, the next role gets a fresh submitted case.
    let caseId = '';
    for (const key of BY_ROLE) {
      if (!caseId) caseId = await l.submitted(people.person.gerantA);
      expect((await l.read(people.person.gerantA, caseId)).state).toBe('soumis');
      const person = people.person[key];
      const answer = await api.gql(
        'mutation($caseId: ID!, $input: JSON) { sendEvent(input: { caseId: $caseId, event: "recevabilite.valider", input: $input }) { __typename } }',
        { caseId, input: { piecesVerifiees: PIECES } },
        { cookie: sessions.get(key) ?? '' },
      );
      const viewer = { roles: [person.role], organisationId: person.organisationId } as never;
      const expected = !(OPERATIONS.sendEvent as readonly Role[]).includes(person.role)
        ? 'ForbiddenError'
        : !(hasNationalScope(viewer) || person.organisationId === people.organisations.ipmA)
          ? 'NotFoundError'
          : agrement?.events['recevabilite.valider']?.roles.includes(person.role)
            ? 'CasePayload'
            : 'NotAllowedError';
      const actual = answer.data.sendEvent.__typename;
      rows.push([person.role, expected, actual]);
      if (actual === 'CasePayload') caseId = '';
    }
    expect(rows.map(([r, , a]) => [r, a])).toEqual(rows.map(([r, e]) => [r, e]));
  });
});
