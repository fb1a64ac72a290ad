import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { eventually, licensing, OPENING, PIECES } from './support/licensing.ts';
import { as, type People, type Person } from './support/people.ts';

// Two IPMs and their people. Whatever field, filter or id an IPM's person uses, nothing of the other
// IPM comes back: not its cases, their history or documents, not its people, not even its name.
// National roles see across IPMs.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;

/** The cases of each IPM, and what hangs on IPM B's case (its revision once the fixture is made). */
const fixture = { caseA: '', caseB: '', keyB: '', documentB: '', revisionB: 0 };

/** A complete application, submitted, then sent back by the ministry for complements. */
async function openAndAskComplements(gerant: Person, key: string) {
  const caseId = await l.submitted(gerant, OPENING, key);
  const asked = await l.act(people.person.agentMinistere, caseId, 'recevabilite.demanderComplements', {
    complementsDemandes: 'Joindre les statuts signés.',
  });
  expect(asked.state).toBe('complements_demandes');
  return { caseId, revision: asked.revision as number };
}

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  l = licensing(api);
  const { gerantB, agentB } = people.person;
  fixture.caseA = (await openAndAskComplements(people.person.gerantA, uniqueKey('ISO-A'))).caseId;
  fixture.keyB = uniqueKey('ISO-B');
  const caseB = await openAndAskComplements(gerantB, fixture.keyB);
  fixture.caseB = caseB.caseId;
  fixture.revisionB = caseB.revision;
  // The letter asking for complements is written in the background: waited for, so that the
  // documents of the case are known when the tests look.
  await eventually(
    () => l.read(gerantB, fixture.caseB),
    (c) => c.documents.some((d: { kind: string | null }) => d.kind === 'demande_complements'),
  );
  const uploaded = await api.upload(
    'mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { ... on UploadDocumentPayload { document { id } } } }',
    { caseId: fixture.caseB },
    { name: 'statuts-signes.pdf', content: new TextEncoder().encode('%PDF-1.4 statuts\n%%EOF') },
    as(gerantB),
  );
  fixture.documentB = uploaded.data.uploadDocument.document.id;
  const assigned = await l.run(
    gerantB,
    'mutation($caseId: ID!, $to: ID) { assignCase(caseId: $caseId, assigneeId: $to) { __typename } }',
    { caseId: fixture.caseB, to: agentB.id },
  );
  expect(assigned.assignCase.__typename).toBe('CasePayload');
});
afterAll(() => suite?.close());

const caseIds = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);

describe.each(['gerantA', 'agentA'] as const)('a person of IPM A (%s)', (key) => {
  const me = () => people.person[key];

  it('lists only IPM A’s cases, whatever the filter', async () => {
    const list = async (filter: Record<string, unknown>) =>
      caseIds(
        (
          await l.run(
            me(),
            'query($filter: CaseFilter) { cases(filter: $filter, first: 100) { ... on CasesSuccess { data { edges { node { id } } } } } }',
            { filter },
          )
        ).cases.data,
      );
    expect(await list({})).toEqual([fixture.caseA]);
    expect(await list({ organisationId: people.organisations.ipmB })).toEqual([]);
    expect(await list({ assigneeId: people.person.agentB.id })).toEqual([]);
    expect(await list({ text: fixture.keyB })).toEqual([]);
    expect(await list({ processId: 'agrement', state: 'complements_demandes' })).toEqual([fixture.caseA]);
    expect(await list({ overdue: false, terminal: false })).toEqual([fixture.caseA]);
  });

  it('finds no IPM B case by its id, nor acts on it', async () => {
    const variables = { id: fixture.caseB, to: me().id };
    const data = await l.run(
      me(),
      `query($id: ID!) { case(id: $id) { __typename ... on Error { message } } }`,
      variables,
    );
    expect(data.case).toEqual({
      __typename: 'NotFoundError',
      message: `Le dossier « ${fixture.caseB} » est introuvable.`,
    });
    const acted = await l.run(
      me(),
      `mutation($id: ID!, $to: ID) {
        send: sendEvent(input: { caseId: $id, event: "complements.repondre", input: { reponseComplements: "Voici." } }) { __typename }
        assign: assignCase(caseId: $id, assigneeId: $to) { __typename }
      }`,
      variables,
    );
    expect(acted.send.__typename).toBe('NotFoundError');
    // Only the gérant manages assignments; the agent is refused by the table before the organisation rule.
    expect(acted.assign.__typename).toBe(key === 'gerantA' ? 'NotFoundError' : 'ForbiddenError');
    const uploaded = await api.upload(
      'mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { __typename } }',
      { caseId: fixture.caseB },
      { name: 'piece.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF') },
      as(me()),
    );
    expect(uploaded.data.uploadDocument.__typename).toBe('NotFoundError');
    // Nor as a piece of its checklist.
    expect((await l.uploadPiece(me(), fixture.caseB, 'statuts')).__typename).toBe('NotFoundError');
    const state = await l.run(
      people.person.gerantB,
      'query($id: ID!) { case(id: $id) { ... on Case { state revision documents { id } } } }',
      {
        id: fixture.caseB,
      },
    );
    expect(state.case).toMatchObject({ state: 'complements_demandes', revision: fixture.revisionB });
    expect(state.case.documents).toHaveLength(PIECES.length + 2);
  });

  it('cannot name IPM B’s document as a piece of its own case', async () => {
    // Answered as for a document that does not exist: nothing tells that it does.
    const refusal = {
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Un document désigné n’appartient pas à ce dossier.',
      fields: [
        {
          field: 'pieces',
          message: '« Pièces du dossier » : chaque pièce doit désigner un document déposé dans ce dossier.',
        },
      ],
    };
    const [named, missing] = await Promise.all(
      [fixture.documentB, '00000000-0000-4000-8000-000000000000'].map((id) =>
        l.send(me(), fixture.caseA, 'pieces.deposer', { pieces: { statuts: id } }),
      ),
    );
    expect(named).toEqual(missing);
    // The gérant may attach pieces now, and hears about the document; the IPM's agent may not attach
    // any, and hears that first.
    if (me().role === 'gerant_ipm') expect(named).toEqual(refusal);
    else expect(named).toMatchObject({ __typename: 'NotAllowedError', code: 'non_autorise' });
  });

  it('cannot download IPM B’s document', async () => {
    const response = await api.get(`/documents/${fixture.documentB}`, as(me()));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ erreur: 'Document introuvable.' });
  });

  it('finds IPM A’s work in the inbox, never IPM B’s', async () => {
    const data = await l.run(me(), '{ inbox(first: 100) { ... on InboxSuccess { data { edges { node { id } } } } } }');
    const ids = caseIds(data.inbox.data);
    expect(ids).not.toContain(fixture.caseB);
    // The gérant answers the complements; the agent has no event in this process.
    expect(ids).toEqual(key === 'gerantA' ? [fixture.caseA] : []);
  });

  it('sees only the people and the name of IPM A', async () => {
    const data = await l.run(
      me(),
      `query($b: ID!, $gerantB: ID!) {
        organisations { ... on OrganisationsSuccess { data { id users { id } } } }
        other: organisation(id: $b) { __typename }
        users(first: 100) { ... on UsersSuccess { data { edges { node { id organisation { id } } } } } }
        usersOfB: users(organisationId: $b) { ... on UsersSuccess { data { edges { node { id } } } } }
        gerantB: user(id: $gerantB) { __typename }
        me { organisation { users { id } } }
      }`,
      { b: people.organisations.ipmB, gerantB: people.person.gerantB.id },
    );
    const ipmA = [people.person.gerantA.id, people.person.agentA.id].sort();
    expect(data.organisations.data.map((o: { id: string }) => o.id)).toEqual([people.organisations.ipmA]);
    expect(data.organisations.data[0].users.map((u: { id: string }) => u.id).sort()).toEqual(ipmA);
    expect(data.other.__typename).toBe('NotFoundError');
    expect(data.users.data.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(ipmA);
    expect(data.usersOfB.data.edges).toEqual([]);
    expect(data.gerantB.__typename).toBe('NotFoundError');
    expect(data.me.organisation.users.map((u: { id: string }) => u.id).sort()).toEqual(ipmA);
  });

  it('sees its own case’s history and people, but not who at the ministry acted', async () => {
    const data = await l.run(
      me(),
      `query($id: ID!) { case(id: $id) { ... on Case {
        organisation { id } startedBy { id } assignee { id }
        history { revision actorRole actor { id } eventLabel }
      } } }`,
      { id: fixture.caseA },
    );
    expect(data.case.organisation.id).toBe(people.organisations.ipmA);
    expect(data.case.startedBy.id).toBe(people.person.gerantA.id);
    // The IPM's own people are named at every step; the ministry's agent is not.
    const gerant = { actorRole: 'gerant_ipm', actor: { id: people.person.gerantA.id } };
    expect(data.case.history).toEqual([
      { revision: 1, ...gerant, eventLabel: 'Ouverture du dossier' },
      { revision: 2, ...gerant, eventLabel: 'Compléter la demande' },
      ...PIECES.map((_, i) => ({ revision: 3 + i, ...gerant, eventLabel: 'Déposer une pièce' })),
      { revision: 3 + PIECES.length, ...gerant, eventLabel: 'Soumettre la demande' },
      {
        revision: 4 + PIECES.length,
        actorRole: 'agent_ministere',
        actor: null,
        eventLabel: 'Demander des compléments',
      },
    ]);
  });
});

describe('a gérant assigning work', () => {
  it('cannot give a case to a person of another IPM', async () => {
    const data = await l.run(
      people.person.gerantA,
      'mutation($id: ID!, $to: ID) { assignCase(caseId: $id, assigneeId: $to) { __typename ... on InvalidInputError { message fields { field message } } } }',
      { id: fixture.caseA, to: people.person.agentB.id },
    );
    expect(data.assignCase).toEqual({
      __typename: 'InvalidInputError',
      message: 'Un dossier ne peut être attribué qu’à une personne de votre organisation.',
      fields: [{ field: 'assigneeId', message: 'Personne introuvable dans votre organisation.' }],
    });
  });
});

describe('a national role', () => {
  it('sees both IPMs, their cases, documents and people', async () => {
    const agent = people.person.agentMinistere;
    const data = await l.run(
      agent,
      `query($b: ID!, $assignee: ID!) {
        all: cases(first: 100) { ... on CasesSuccess { data { edges { node { id } } } } }
        ofB: cases(filter: { organisationId: $b }) { ... on CasesSuccess { data { edges { node { id } } } } }
        assigned: cases(filter: { assigneeId: $assignee }) { ... on CasesSuccess { data { edges { node { id assignee { id } documents { name } } } } } }
        organisations { ... on OrganisationsSuccess { data { id } } }
      }`,
      { b: people.organisations.ipmB, assignee: people.person.agentB.id },
    );
    expect(caseIds(data.all.data).sort()).toEqual([fixture.caseA, fixture.caseB].sort());
    expect(caseIds(data.ofB.data)).toEqual([fixture.caseB]);
    expect(data.assigned.data.edges[0].node).toEqual({
      id: fixture.caseB,
      assignee: { id: people.person.agentB.id },
      documents: [
        ...PIECES.map((piece) => ({ name: `${piece}.pdf` })),
        { name: expect.stringMatching(/^demande-complements-.+\.docx$/) },
        { name: 'statuts-signes.pdf' },
      ],
    });
    expect(data.organisations.data).toHaveLength(6);
    expect((await api.get(`/documents/${fixture.documentB}`, as(agent))).status).toBe(200);
  });

  it('is a provider’s or an employer’s own organisation only', async () => {
    for (const person of [people.person.agentPs, people.person.employeur]) {
      const data = await l.run(person, '{ cases { ... on CasesSuccess { data { edges { node { id } } } } } }');
      expect(data.cases.data.edges).toEqual([]);
    }
  });
});

describe.each(['agentPs', 'employeur'] as const)('an intruder from outside the IPMs (%s)', (key) => {
  const me = () => people.person[key];

  it('sees no IPM case, by list, id, inbox or board, and acts on none', async () => {
    const data = await l.run(
      me(),
      `query($a: ID!, $b: ID!, $ipmA: ID!) {
        all: cases(first: 100) { ... on CasesSuccess { data { edges { node { id } } } } }
        ofA: cases(filter: { organisationId: $ipmA }) { ... on CasesSuccess { data { edges { node { id } } } } }
        caseA: case(id: $a) { __typename }
        caseB: case(id: $b) { __typename }
        inbox(first: 100) { ... on InboxSuccess { data { edges { node { id } } } } }
        processBoard(processId: "agrement") { __typename }
      }`,
      { a: fixture.caseA, b: fixture.caseB, ipmA: people.organisations.ipmA },
    );
    expect(data.all.data.edges).toEqual([]);
    expect(data.ofA.data.edges).toEqual([]);
    expect(data.caseA.__typename).toBe('NotFoundError');
    expect(data.caseB.__typename).toBe('NotFoundError');
    expect(data.inbox.data.edges).toEqual([]);
    expect(data.processBoard.__typename).toBe('ForbiddenError');
    const acted = await l.run(
      me(),
      `mutation($id: ID!) {
        sendEvent(input: { caseId: $id, event: "complements.repondre", input: { reponseComplements: "Voici." } }) { __typename }
      }`,
      { id: fixture.caseB },
    );
    expect(acted.sendEvent.__typename).toBe('NotFoundError');
    const uploaded = await api.upload(
      'mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { __typename } }',
      { caseId: fixture.caseB },
      { name: 'piece.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF') },
      as(me()),
    );
    expect(uploaded.data.uploadDocument.__typename).toBe('NotFoundError');
    expect((await api.get(`/documents/${fixture.documentB}`, as(me()))).status).toBe(404);
    const after = await l.run(people.person.gerantB, 'query($id: ID!) { case(id: $id) { ... on Case { revision } } }', {
      id: fixture.caseB,
    });
    expect(after.case.revision).toBe(fixture.revisionB);
  });

  it('sees only its own organisation and its people', async () => {
    const data = await l.run(
      me(),
      `query($a: ID!, $gerantA: ID!) {
        organisations { ... on OrganisationsSuccess { data { id } } }
        ipmA: organisation(id: $a) { __typename }
        users(first: 100) { ... on UsersSuccess { data { edges { node { id } } } } }
        usersOfA: users(organisationId: $a) { ... on UsersSuccess { data { edges { node { id } } } } }
        gerantA: user(id: $gerantA) { __typename }
      }`,
      { a: people.organisations.ipmA, gerantA: people.person.gerantA.id },
    );
    expect(data.organisations.data).toEqual([{ id: me().organisationId }]);
    expect(data.ipmA.__typename).toBe('NotFoundError');
    expect(data.users.data.edges).toEqual([{ node: { id: me().id } }]);
    expect(data.usersOfA.data.edges).toEqual([]);
    expect(data.gerantA.__typename).toBe('NotFoundError');
  });
});

describe('the fields hanging on a case, across organisations', () => {
  const LINKS = `query($id: ID!) { case(id: $id) { ... on Case {
    parent { id } children { id }
    notifications { recipientRole recipient { id } }
    documents { id uploadedBy { id } }
  } } }`;

  it('name nobody and nothing of another organisation: parent and children, recipients, uploaders', async () => {
    // Links across the two IPMs, made in the projection (no process links cases of two IPMs): IPM B's
    // case hangs under IPM A's, and one of IPM A's pieces is said to come from IPM B's gérant.
    const prisma = suite.h.prisma;
    const pieceA = await prisma.document.findFirstOrThrow({
      where: { caseId: fixture.caseA, uploadedById: { not: null } },
    });
    await prisma.case.update({ where: { id: fixture.caseB }, data: { parentId: fixture.caseA } });
    await prisma.document.update({ where: { id: pieceA.id }, data: { uploadedById: people.person.gerantB.id } });
    try {
      const ofA = (await l.run(people.person.gerantA, LINKS, { id: fixture.caseA })).case;
      expect(ofA.children).toEqual([]);
      expect(ofA.documents.find((d: { id: string }) => d.id === pieceA.id).uploadedBy).toBeNull();
      const ofB = (await l.run(people.person.gerantB, LINKS, { id: fixture.caseB })).case;
      expect(ofB.parent).toBeNull();

      // The messages of IPM A's case went to the ministry too: IPM A reads the role, not the person.
      const recipients = await prisma.notification.findMany({
        where: { caseId: fixture.caseA, recipientUserId: { not: null } },
        select: { recipientUserId: true },
      });
      const ministry = people.person.agentMinistere.id;
      expect(recipients.map((r) => r.recipientUserId)).toContain(ministry);
      const shown = ofA.notifications.map((n: { recipient: { id: string } | null }) => n.recipient?.id ?? null);
      expect(shown).not.toContain(ministry);
      expect(
        ofA.notifications.some(
          (n: { recipientRole: string; recipient: null }) =>
            n.recipientRole === 'agent_ministere' && n.recipient === null,
        ),
      ).toBe(true);
      for (const id of shown.filter(Boolean)) {
        expect([people.person.gerantA.id, people.person.agentA.id]).toContain(id);
      }

      // A national role sees every link.
      const national = (await l.run(people.person.agentMinistere, LINKS, { id: fixture.caseA })).case;
      expect(national.children).toEqual([{ id: fixture.caseB }]);
      expect(national.documents.find((d: { id: string }) => d.id === pieceA.id).uploadedBy).toEqual({
        id: people.person.gerantB.id,
      });
      expect(national.notifications.map((n: { recipient: { id: string } | null }) => n.recipient?.id)).toContain(
        ministry,
      );
      const nationalB = (await l.run(people.person.agentMinistere, LINKS, { id: fixture.caseB })).case;
      expect(nationalB.parent).toEqual({ id: fixture.caseA });
    } finally {
      await prisma.case.update({ where: { id: fixture.caseB }, data: { parentId: null } });
      await prisma.document.update({ where: { id: pieceA.id }, data: { uploadedById: pieceA.uploadedById } });
    }
  });
});
