import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS, latestDefinition } from '../processes/registry.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { type Answer, COMPLETION, licensing, OPENING, PIECES } from './support/licensing.ts';
import type { People, Person } from './support/people.ts';

// Cases through the API: opening once per idempotency key, events through Temporal with no stale read
// after one's own write, exactly one winner between two simultaneous events, lists with filters,
// sorting and cursors, the inbox, assignment, and the processes' statecharts.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;

beforeAll(async () => {
  // A short service level for the admissibility review, so that cases fall overdue during the test.
  suite = await createApiSuite({ durationOverrides: { 'agrement.examenRecevabilite': 'PT2S' } });
  ({ api, people } = suite);
  l = licensing(api);
});
afterAll(() => suite?.close());

const start = (gerant: Person, key = uniqueKey('AGR')) => l.start(gerant, OPENING, key);
const submitted = (gerant = people.person.gerantA, key?: string) => l.submitted(gerant, OPENING, key);

describe('opening a case', () => {
  it('gives the same case for the same idempotency key, once, even when sent twice at once', async () => {
    const key = uniqueKey('IDEM');
    const [a, b] = await Promise.all([start(people.person.gerantA, key), start(people.person.gerantA, key)]);
    expect(a.case.id).toBe(b.case.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await start(people.person.gerantA, key);
    expect(again).toMatchObject({ __typename: 'StartCasePayload', created: false, case: { id: a.case.id } });
    expect(a.case).toMatchObject({ businessKey: key, state: 'brouillon', revision: 1 });
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId: a.case.id } })).toBe(1);

    // Keys belong to an organisation: another one using the same key opens its own case.
    const other = await start(people.person.gerantB, key);
    expect(other).toMatchObject({ __typename: 'StartCasePayload', created: true, case: { businessKey: key } });
    expect(other.case.id).not.toBe(a.case.id);
  });

  it('opens the case for the organisation of the person who opens it', async () => {
    const { case: opened } = await start(people.person.gerantB);
    const data = await l.run(
      people.person.gerantB,
      'query($id: ID!) { case(id: $id) { ... on Case { organisation { id } } } }',
      {
        id: opened.id,
      },
    );
    expect(data.case.organisation.id).toBe(people.organisations.ipmB);
  });
});

describe('sending events', () => {
  it('shows the transition to the very next read (no stale read after one’s own write)', async () => {
    for (let i = 0; i < 3; i++) {
      const { case: opened } = await start(people.person.gerantA, uniqueKey('RYW'));
      // Completing the draft is a transition of its own: a new revision, the data, the history.
      const sent = await l.send(people.person.gerantA, opened.id, 'demande.completer', COMPLETION);
      const read = await l.run(
        people.person.agentMinistere,
        'query($id: ID!) { case(id: $id) { ... on Case { state revision context history { event } } } }',
        {
          id: opened.id,
        },
      );
      expect(sent.case).toMatchObject({ state: 'brouillon', revision: 2 });
      expect(read.case).toMatchObject({ state: 'brouillon', revision: 2, context: COMPLETION });
      expect(read.case.history.map((e: { event: string }) => e.event)).toEqual(['dossier.ouvrir', 'demande.completer']);
    }
    // And a change of state, read at once by another person.
    const caseId = await submitted();
    const valid = await l.send(people.person.agentMinistere, caseId, 'recevabilite.valider', {
      piecesVerifiees: PIECES,
    });
    expect(valid.case.state).toBe('en_instruction');
    const read = await l.run(
      people.person.gerantA,
      'query($id: ID!) { case(id: $id) { ... on Case { state revision } } }',
      { id: caseId },
    );
    expect(read.case).toEqual({ state: 'en_instruction', revision: valid.case.revision });
  });

  it('lets exactly one of two simultaneous conflicting events win; the other is refused with the reason', async () => {
    const second = await suite.h.prisma.user.create({
      data: {
        email: `agent2.${uniqueKey().toLowerCase()}@test.siamo.sn`,
        displayName: 'Second agent du ministère',
        passwordHash: 'scrypt$1$1$1$AA==$AA==',
        organisationId: people.organisations.ministry,
        roles: ['agent_ministere'],
      },
    });
    const secondAgent: Person = {
      ...people.person.agentMinistere,
      id: second.id,
      token: await createApiToken(suite.h.prisma, { userId: second.id, label: 't' }),
    };

    for (let round = 0; round < 3; round++) {
      // Under instruction, the agent may ask ICAMO's opinion or ask the IPM for complements; either one
      // leaves a state where the other is no longer possible.
      const caseId = await l.admitted({ gerant: people.person.gerantA, agent: people.person.agentMinistere });
      const before = (await l.read(people.person.gerantA, caseId)).revision;
      const results = await Promise.all([
        l.send(people.person.agentMinistere, caseId, 'avis.demander', {
          questionsAvis: 'Viabilité financière du régime proposé.',
        }),
        l.send(secondAgent, caseId, 'recevabilite.demanderComplements', {
          complementsDemandes: 'Joindre les statuts signés.',
        }),
      ]);
      const winners = results.filter((r) => r.__typename === 'CasePayload');
      const losers = results.filter((r) => r.__typename !== 'CasePayload');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const [winner] = winners as [Answer];
      const [loser] = losers as [Answer];
      const stateLabel = winner.case.state === 'avis_icamo' ? 'Avis de l’ICAMO demandé' : 'Compléments demandés';
      expect(['avis_icamo', 'complements_demandes']).toContain(winner.case.state);
      expect(loser).toMatchObject({
        __typename: 'NotAllowedError',
        code: 'non_autorise',
        refusedIn: winner.case.state,
        role: 'agent_ministere',
      });
      expect(loser.message).toMatch(new RegExp(`n’est pas possible dans l’état « ${stateLabel} »`));
      const history = await l.run(
        people.person.gerantA,
        'query($id: ID!) { case(id: $id) { ... on Case { revision history { revision event } } } }',
        { id: caseId },
      );
      expect(history.case.revision).toBe(before + 1);
      expect(history.case.history).toHaveLength(before + 1);
    }
  });

  it('refuses the second of two events made on the same revision with a conflict', async () => {
    // Two completions of the same draft, each acceptable alone: only the revision tells them apart.
    const { case: opened } = await start(people.person.gerantA);
    const caseId = opened.id;
    const results = await Promise.all([
      l.send(people.person.gerantA, caseId, 'demande.completer', { nombreEntreprises: 3 }, { expectedRevision: 1 }),
      l.send(people.person.gerantA, caseId, 'demande.completer', { nombreEntreprises: 4 }, { expectedRevision: 1 }),
    ]);
    expect(results.map((r) => r.__typename).sort()).toEqual(['CasePayload', 'ConflictError']);
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId } })).toBe(2);
  });

  it('lands a retried request once (same requestId)', async () => {
    const { case: opened } = await start(people.person.gerantA);
    const requestId = uniqueKey('REQ');
    // The same completion twice would be accepted twice: only the request id makes it land once.
    const first = await l.send(people.person.gerantA, opened.id, 'demande.completer', COMPLETION, { requestId });
    const retry = await l.send(people.person.gerantA, opened.id, 'demande.completer', COMPLETION, { requestId });
    expect(first.case.revision).toBe(2);
    expect(retry.__typename).toBe('CasePayload');
    expect(retry.case.revision).toBe(2);
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId: opened.id } })).toBe(2);
  });

  it('lists the events the caller may send now, with their forms and acting role', async () => {
    const caseId = await submitted();
    const query =
      'query($id: ID!) { case(id: $id) { ... on Case { stateLabel availableEvents { id label role input } } } }';
    const asAgent = await l.run(people.person.agentMinistere, query, { id: caseId });
    expect(asAgent.case.stateLabel).toBe('Soumis, recevabilité à examiner');
    expect(asAgent.case.availableEvents.map((e: { id: string; role: string }) => [e.id, e.role])).toEqual([
      ['recevabilite.valider', 'agent_ministere'],
      ['recevabilite.demanderComplements', 'agent_ministere'],
    ]);
    expect(asAgent.case.availableEvents[1].input.complementsDemandes).toMatchObject({ type: 'text', required: true });
    expect(asAgent.case.availableEvents[0].input.piecesVerifiees).toMatchObject({
      type: 'multichoice',
      required: true,
    });
    expect((await l.run(people.person.gerantA, query, { id: caseId })).case.availableEvents).toEqual([]);
    expect((await l.run(people.person.pilotage, query, { id: caseId })).case.availableEvents).toEqual([]);
  });
});

describe('listing cases', () => {
  const keys: string[] = [];
  const prefix = uniqueKey('LIST');

  beforeAll(async () => {
    for (const letter of ['e', 'b', 'd', 'a', 'c']) {
      const key = `${prefix}-${letter}`;
      keys.push(key);
      await start(people.person.gerantA, key);
    }
  });

  const page = async (args: Record<string, unknown>) =>
    (
      await l.run(
        people.person.gerantA,
        `query($first: Int, $last: Int, $after: String, $before: String, $filter: CaseFilter, $orderBy: CaseOrder) {
          cases(first: $first, last: $last, after: $after, before: $before, filter: $filter, orderBy: $orderBy) {
            __typename
            ... on CasesSuccess { data { edges { cursor node { businessKey dueAt overdue } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }
            ... on InvalidInputError { message fields { field message } }
          } }`,
        args,
      )
    ).cases;

  it('pages through a sorted, filtered list with cursors, forwards and backwards', async () => {
    const orderBy = { field: 'BUSINESS_KEY', direction: 'ASC' };
    const filter = { text: prefix.toLowerCase() };
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i++) {
      const result = await page({ first: 2, after, filter, orderBy });
      seen.push(...result.data.edges.map((e: { node: { businessKey: string } }) => e.node.businessKey));
      after = result.data.pageInfo.endCursor;
      expect(result.data.pageInfo.hasNextPage).toBe(i < 2);
    }
    expect(seen).toEqual([...keys].sort());

    const last = await page({ last: 2, before: after, filter, orderBy });
    expect(last.data.edges.map((e: { node: { businessKey: string } }) => e.node.businessKey)).toEqual(
      [...keys].sort().slice(2, 4),
    );
    expect(last.data.pageInfo.hasPreviousPage).toBe(true);

    const descending = await page({ first: 5, filter, orderBy: { field: 'BUSINESS_KEY', direction: 'DESC' } });
    expect(descending.data.edges.map((e: { node: { businessKey: string } }) => e.node.businessKey)).toEqual(
      [...keys].sort().reverse(),
    );
  });

  it('refuses a cursor that is not one, or made for another order', async () => {
    const message = 'Le curseur de pagination est invalide pour cet ordre : reprenez au début.';
    expect(await page({ first: 2, after: 'nimportequoi' })).toEqual({
      __typename: 'InvalidInputError',
      message,
      fields: [{ field: 'cursor', message: 'Curseur invalide.' }],
    });
    const byKey = await page({ first: 1, orderBy: { field: 'BUSINESS_KEY', direction: 'ASC' } });
    expect((await page({ first: 1, after: byKey.data.pageInfo.endCursor })).__typename).toBe('InvalidInputError');
  });

  it('finds overdue cases, and sorts by due date with the undated last', async () => {
    const caseId = await submitted(people.person.gerantA, `${prefix}-z`);
    // Overdue once its 2 s have passed: waited for through the API itself.
    await expect
      .poll(async () => (await page({ filter: { overdue: true, text: prefix } })).data.edges.length, {
        timeout: 30_000,
      })
      .toBe(1);
    const overdue = await page({ filter: { overdue: true, text: prefix } });
    expect(overdue.data.edges.map((e: { node: { businessKey: string } }) => e.node.businessKey)).toEqual([
      `${prefix}-z`,
    ]);
    expect(overdue.data.edges[0].node.overdue).toBe(true);
    const notOverdue = await page({ filter: { overdue: false, text: prefix }, first: 10 });
    expect(notOverdue.data.edges).toHaveLength(5);
    const byDue = await page({ filter: { text: prefix }, orderBy: { field: 'DUE_AT', direction: 'ASC' }, first: 3 });
    expect(byDue.data.edges[0].node.businessKey).toBe(`${prefix}-z`);
    // Paging on past the dated case into the undated ones.
    const rest = await page({
      filter: { text: prefix },
      orderBy: { field: 'DUE_AT', direction: 'ASC' },
      first: 10,
      after: byDue.data.edges[0].cursor,
    });
    expect(rest.data.edges).toHaveLength(5);
    expect(rest.data.edges.every((e: { node: { dueAt: string | null } }) => e.node.dueAt === null)).toBe(true);
    expect(caseId).toContain(prefix);
  });
});

describe('the inbox', () => {
  it('lists the cases one can act on now, the first due first, with their due dates', async () => {
    const first = await submitted(people.person.gerantB);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await submitted(people.person.gerantA);
    const data = await l.run(
      people.person.agentMinistere,
      '{ inbox(first: 100) { ... on InboxSuccess { data { edges { node { id state dueAt availableEvents { id } } } } } } }',
    );
    const nodes = data.inbox.data.edges.map((e: { node: Record<string, unknown> }) => e.node);
    // Exactly the open cases in a state where the ministry's agent has something to do.
    const definition = latestDefinition('agrement');
    const agentStates = Object.entries(definition?.states ?? {})
      .filter(([, state]) =>
        Object.keys(state.on ?? {}).some((event) => definition?.events[event]?.roles.includes('agent_ministere')),
      )
      .map(([id]) => id);
    expect(agentStates.sort()).toEqual(['en_instruction', 'soumis']);
    expect(nodes.every((n: { state: string }) => agentStates.includes(n.state))).toBe(true);
    const ids = nodes.map((n: { id: string }) => n.id);
    const actionable = await suite.h.prisma.case.findMany({
      where: { terminal: false, state: { in: agentStates } },
      select: { id: true },
    });
    expect([...ids].sort()).toEqual(actionable.map((c) => c.id).sort());
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    const dues = nodes.map((n: { dueAt: string }) => Date.parse(n.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(nodes.every((n: { availableEvents: unknown[] }) => n.availableEvents.length > 0)).toBe(true);
    // The gérant's own inbox: drafts to submit and complements to give, not cases awaiting the ministry.
    const gerant = await l.run(
      people.person.gerantA,
      '{ inbox(first: 100) { ... on InboxSuccess { data { edges { node { state } } } } } }',
    );
    const states = new Set(gerant.inbox.data.edges.map((e: { node: { state: string } }) => e.node.state));
    expect(states.has('brouillon')).toBe(true);
    expect([...states].every((s) => s === 'brouillon' || s === 'complements_demandes')).toBe(true);
    // Roles that never act have an empty inbox.
    const pilotage = await l.run(
      people.person.pilotage,
      '{ inbox { ... on InboxSuccess { data { edges { cursor } } } } }',
    );
    expect(pilotage.inbox.data.edges).toEqual([]);
  });
});

describe('assigning a case', () => {
  it('gives it to a person of the organisation, filters on it, and takes it back', async () => {
    const { case: opened } = await start(people.person.gerantA);
    const assign = (to: string | null) =>
      l.run(
        people.person.gerantA,
        'mutation($id: ID!, $to: ID) { assignCase(caseId: $id, assigneeId: $to) { __typename ... on CasePayload { case { assignee { id displayName } } } } }',
        { id: opened.id, to },
      );
    expect((await assign(people.person.agentA.id)).assignCase.case.assignee.id).toBe(people.person.agentA.id);
    const mine = await l.run(
      people.person.agentA,
      'query($me: ID!) { cases(filter: { assigneeId: $me }) { ... on CasesSuccess { data { edges { node { id } } } } } }',
      { me: people.person.agentA.id },
    );
    expect(mine.cases.data.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([opened.id]);
    expect((await assign(null)).assignCase.case.assignee).toBeNull();
  });
});

describe('processes', () => {
  it('give their versions with a statechart to draw, and who may open them', async () => {
    const query = `{ processes { ... on ProcessesSuccess { data { id title latest { version canStart startRoles statechart } versions { version } } } } }`;
    const [agrement] = (await l.run(people.person.gerantA, query)).processes.data;
    const definition = latestDefinition('agrement');
    expect(agrement).toMatchObject({
      id: 'agrement',
      title: definition?.title,
      latest: { version: definition?.version, canStart: true },
    });
    expect(agrement.latest.statechart.initial).toBe('brouillon');
    expect(agrement.latest.statechart.states.map((s: { id: string }) => s.id)).toEqual(
      Object.keys(definition?.states ?? {}),
    );
    expect(agrement.latest.statechart.transitions).toContainEqual(
      expect.objectContaining({
        from: 'complements_demandes',
        to: 'classe_sans_suite',
        event: 'delai.expirer',
        roles: ['systeme'],
        timer: 'delaiComplements',
      }),
    );
    // Every deployed version, newest first.
    expect(agrement.versions.map((v: { version: number }) => v.version)).toEqual(
      DEFINITIONS.filter((d) => d.id === 'agrement')
        .map((d) => d.version)
        .sort((a, b) => b - a),
    );
    const asAgent = (await l.run(people.person.agentMinistere, query)).processes.data[0];
    expect(asAgent.latest.canStart).toBe(false);
  });
});
