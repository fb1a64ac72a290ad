import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COST, MAX_DEPTH } from '../schema/api.ts';
import { type ApiServer, startApi } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { as } from './support/people.ts';

// What protects the API from heavy or prying requests: depth and cost limits, introspection that
// production turns off, and bodies measured before they are read.

let suite: ApiSuite;
let api: ApiServer;
let closed: ApiServer;

beforeAll(async () => {
  suite = await createApiSuite();
  api = suite.api;
  closed = await startApi(suite.h, { introspection: false });
});
afterAll(async () => {
  await closed?.close();
  await suite?.close();
});

const CASE_SCREEN = `query($id: ID!) { case(id: $id) { __typename ... on Error { code message } ... on Case {
  id businessKey state stateLabel terminal context revision enteredAt dueAt overdue
  organisation { id name } assignee { id displayName } startedBy { id displayName }
  availableEvents { id label role input }
  history { revision at actorRole actor { displayName organisation { name } } eventLabel fromStateLabel toStateLabel input }
  documents { id name mimeType size downloadPath uploadedBy { displayName } }
  process { version statechart } } } }`;

describe('depth and cost limits', () => {
  it('let the portal’s heaviest screens through', async () => {
    const gerant = as(suite.people.person.gerantA);
    const detail = await api.gql(CASE_SCREEN, { id: 'x' }, gerant);
    expect(detail.errors).toBeUndefined();
    const list = await api.gql(
      `{ cases(first: 100) { ... on CasesSuccess { data { edges { cursor node { id businessKey stateLabel dueAt overdue
        organisation { name } assignee { displayName } availableEvents { id label } history { eventLabel actor { displayName } } } }
        pageInfo { hasNextPage endCursor } } } } }`,
      {},
      gerant,
    );
    expect(list.errors).toBeUndefined();
  });

  it('refuse a query nested too deep, in French, before running it', async () => {
    let nested = 'id';
    for (let i = 0; i < MAX_DEPTH; i++) nested = `organisation { users { ${nested} } }`;
    const answer = await api.gql(`{ me { ${nested} } }`, {}, as(suite.people.person.agentMinistere));
    expect(answer.data).toEqual({});
    // Nesting also multiplies the cost: that limit may speak too.
    expect(answer.errors?.map((e) => e.message)).toContain(
      `Requête trop imbriquée : au plus ${MAX_DEPTH} niveaux de champs par opération.`,
    );
  });

  it('refuse a query too costly, in French', async () => {
    const heavy = Array.from(
      { length: 5 },
      (_, i) =>
        `c${i}: cases(first: 100) { ... on CasesSuccess { data { edges { node { id history { actor { email } } } } } } }`,
    ).join('\n');
    const answer = await api.gql(`{ ${heavy} }`, {}, as(suite.people.person.agentMinistere));
    expect(answer.data).toEqual({});
    expect(answer.errors?.map((e) => e.message)).toEqual([
      `Requête trop coûteuse : demandez moins de champs ou des pages plus petites (coût maximal ${MAX_COST}).`,
    ]);
  });

  it('cap every page at 100 items, whatever `first` says', async () => {
    // 130 more people in the ministry, so that a page could hold more than 100 of them.
    const organisationId = suite.people.organisations.ministry;
    await suite.h.prisma.user.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({
        email: `page.${String(i).padStart(3, '0')}.${organisationId}@test.siamo.sn`,
        displayName: `Page ${String(i).padStart(3, '0')}`,
        passwordHash: 'inutilisable',
        organisationId,
        roles: ['agent_ministere' as const],
      })),
    });
    const inMinistry = await suite.h.prisma.user.count({ where: { organisationId, active: true } });
    expect(inMinistry).toBeGreaterThan(130);
    const page = (after: string | null) =>
      api
        .gql(
          `query($o: ID!, $after: String) { users(first: 150, organisationId: $o, after: $after) {
            ... on UsersSuccess { data { edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`,
          { o: organisationId, after },
          as(suite.people.person.agentMinistere),
        )
        .then((a) => {
          expect(a.errors).toBeUndefined();
          return a.data.users.data;
        });
    const first = await page(null);
    expect(first.edges).toHaveLength(100);
    expect(first.pageInfo.hasNextPage).toBe(true);
    // The rest comes on the next page, none lost and none twice.
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges).toHaveLength(inMinistry - 100);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.edges, ...second.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(inMinistry);

    // Cases too: 105 rows of IPM A's projection (as the workflows write it; no workflow needed to list them).
    const definition = await suite.h.prisma.processDefinition.findFirstOrThrow({ where: { processId: 'agrement' } });
    const ipm = suite.people.organisations.ipmA;
    const now = new Date();
    await suite.h.prisma.case.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        id: `agrement/${ipm}/PAGE-${i}`,
        processId: definition.processId,
        processVersion: definition.version,
        businessKey: `PAGE-${i}`,
        organisationId: ipm,
        state: 'brouillon',
        context: {},
        revision: 1,
        enteredAt: now,
        startedBy: suite.people.person.gerantA.id,
        createdAt: now,
        updatedAt: now,
      })),
    });
    const cases = await api.gql(
      `{ cases(first: 150, filter: { text: "PAGE-" }) {
        ... on CasesSuccess { data { edges { node { id } } pageInfo { hasNextPage } } } } }`,
      {},
      as(suite.people.person.gerantA),
    );
    expect(cases.errors).toBeUndefined();
    expect(cases.data.cases.data.edges).toHaveLength(100);
    expect(cases.data.cases.data.pageInfo.hasNextPage).toBe(true);

    // A `first` so large that even its cost is refused before anything runs.
    const huge = await api.gql(
      '{ users(first: 100000) { ... on UsersSuccess { data { edges { cursor } } } } }',
      {},
      as(suite.people.person.agentMinistere),
    );
    expect(huge.errors?.[0]?.message).toMatch(/^Requête trop coûteuse/);
  });
});

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('is available where GRAPHQL_INTROSPECTION is on', async () => {
    const answer = await api.gql(INTROSPECT);
    expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('is refused where it is off, and errors no longer suggest field names', async () => {
    const answer = await closed.gql(INTROSPECT);
    expect(answer.errors?.map((e) => e.message)).toEqual(['L’introspection du schéma est désactivée sur ce serveur.']);
    const typo = await closed.gql('{ cases { ... on CasesSuccess { dat { pageInfo { hasNextPage } } } } }');
    expect(typo.errors?.[0]?.message).toBe('Le champ « dat » n’existe pas sur le type « CasesSuccess ».');
    const open = await api.gql('{ cases { ... on CasesSuccess { dat { pageInfo { hasNextPage } } } } }');
    expect(open.errors?.[0]?.message).toContain('Vouliez-vous dire « data » ?');
    const page = await fetch(`${closed.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
  });
});

describe('request bodies', () => {
  it('refuses a JSON body over 1 Mo before reading it', async () => {
    const answer = await api.gql(`{ me { id } }`, { padding: 'x'.repeat(1024 * 1024 + 1) });
    expect(answer.status).toBe(413);
    expect(answer.errors?.[0]?.message).toBe('Requête trop volumineuse : au plus 1 Mo.');
  });

  it('requires a Content-Length on POST', async () => {
    const url = new URL(`${api.url}/graphql`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"query":"{ me { id } }"}');
      req.end();
    });
    expect(status).toBe(411);
  });
});
