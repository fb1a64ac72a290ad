import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDuration } from '../processes/calendar.ts';
import { documentPath } from '../services/uploads/document-store.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { docxText } from './support/docx-text.ts';
import { type Answer, eventually, licensing, RENEWAL_PIECES } from './support/licensing.ts';
import { createMailLab, type MailLab } from './support/mail.ts';
import type { People } from './support/people.ts';

// A licence in force (agrément), after its grant: renewed through a linked renewal case that extends
// its validity on the calendar, refused renewal that leaves it to its date, suspension (not into the
// past) and its lifting, withdrawal — each with the director's decision and the public register's
// dated history. Expiry and its reminders are in licence-expiry.test.ts (a validity of seconds).

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let lab: MailLab;
let l: ReturnType<typeof licensing>;

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({ dependencies: { mail: lab.settings, dataDir: lab.dataDir } });
  ({ api, people } = suite);
  l = licensing(api);
});
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

const gerant = () => people.person.gerantA;
const agent = () => people.person.agentMinistere;
const directeur = () => people.person.directeur;

/** A granted application and its licence, as the gérant reads them once the grant's effects ran. */
async function grantedLicence(): Promise<Answer> {
  const caseId = await l.toDecision({ gerant: gerant(), agent: agent(), analyste: people.person.analyste });
  await l.act(directeur(), caseId, 'decision.accorder');
  const application = await eventually(
    () => l.read(gerant(), caseId),
    (c) => c.children.length === 1,
  );
  return l.read(gerant(), application.children[0].id);
}

const registerOf = async (numero: string) =>
  (
    await l.run(
      null,
      `query($numero: String!) { registerEntry(numero: $numero) { __typename
        ... on RegisterEntry { status statusLabel finValidite finSuspension history { label } } } }`,
      { numero },
    )
  ).registerEntry as Answer;

const documentText = async (documentId: string) => {
  const row = await suite.h.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  return (await docxText(readFileSync(documentPath(lab.dataDir, row.sha256)))).body.replace(/\u202f|\u00a0/g, ' ');
};

describe('renewal', () => {
  it('opens a linked renewal case; granted, it extends the validity from the end of the previous one', async () => {
    const licence = await grantedLicence();
    const previousEnd = licence.context.finValidite as string;
    expect(await l.act(gerant(), licence.id, 'renouvellement.demander')).toMatchObject({
      state: 'renouvellement_en_cours',
    });
    const withRenewal = await eventually(
      () => l.read(gerant(), licence.id),
      (c) => c.children.length === 1,
    );
    const renewal = withRenewal.children[0];
    expect(renewal).toMatchObject({
      processId: 'renouvellement',
      state: 'brouillon',
      businessKey: `${licence.businessKey}-2`,
      context: { numero: licence.businessKey, finValidite: previousEnd, typeIpm: 'interentreprises' },
    });

    // Lighter than the first application: four pieces, the headcount, no ICAMO.
    const early = await l.send(gerant(), renewal.id, 'dossier.soumettre');
    expect(early.message).toContain('Pièces à déposer d’abord : États financiers du dernier exercice');
    await l.act(gerant(), renewal.id, 'demande.completer', { effectif: 1500 });
    await l.uploadPieces(gerant(), renewal.id, RENEWAL_PIECES);
    await l.act(gerant(), renewal.id, 'dossier.soumettre');
    await l.act(agent(), renewal.id, 'examen.conclure', {
      piecesVerifiees: RENEWAL_PIECES,
      rapportInstruction: 'Situation financière saine.',
    });
    await l.act(directeur(), renewal.id, 'decision.renouveler');

    const renewed = await eventually(
      () => l.read(gerant(), licence.id),
      (c) => c.state === 'en_vigueur',
    );
    const expectedEnd = new Date(addDuration(Date.parse(previousEnd), 'P5Y')).toISOString();
    expect(renewed.context.finValidite).toBe(expectedEnd);
    expect(renewed.history.at(-1)).toMatchObject({
      event: 'licence.renouveler',
      eventLabel: 'Agrément renouvelé',
      actorRole: 'systeme',
      fromState: 'renouvellement_en_cours',
      toState: 'en_vigueur',
    });
    const decision = await eventually(
      () => l.read(gerant(), renewal.id),
      (c) => c.documents.some((d: { kind: string }) => d.kind === 'decision_renouvellement'),
    );
    expect(decision.parent).toEqual({ id: licence.id, processId: 'licence' });
    const text = await documentText(
      decision.documents.find((d: { kind: string }) => d.kind === 'decision_renouvellement').id,
    );
    expect(text).toContain(`L’agrément n° ${licence.businessKey} de l’Institution de Prévoyance Maladie`);
    expect(text).toMatch(/est renouvelé ; il est valable jusqu’au \d{1,2} \S+ \d{4}\./);

    expect(await registerOf(licence.businessKey)).toEqual({
      __typename: 'RegisterEntry',
      status: 'en_vigueur',
      statusLabel: 'En vigueur',
      finValidite: expectedEnd,
      finSuspension: null,
      history: [{ label: 'Agrément accordé' }, { label: 'Renouvellement demandé' }, { label: 'Agrément renouvelé' }],
    });
  });

  it('refused, leaves the licence in force until its date, with a letter to the IPM', async () => {
    const licence = await grantedLicence();
    await l.act(gerant(), licence.id, 'renouvellement.demander');
    const renewal = (
      await eventually(
        () => l.read(gerant(), licence.id),
        (c) => c.children.length === 1,
      )
    ).children[0];
    await l.uploadPieces(gerant(), renewal.id, RENEWAL_PIECES);
    await l.act(gerant(), renewal.id, 'dossier.soumettre');
    await l.act(agent(), renewal.id, 'examen.conclure', {
      piecesVerifiees: RENEWAL_PIECES,
      rapportInstruction: 'Déficit persistant sur trois exercices.',
    });
    await l.act(directeur(), renewal.id, 'decision.refuser', {
      motifRefus: 'Déficit persistant sur trois exercices, sans plan de redressement.',
    });
    const back = await eventually(
      () => l.read(gerant(), licence.id),
      (c) => c.state === 'en_vigueur',
    );
    expect(back.context.finValidite).toBe(licence.context.finValidite);
    expect(back.history.at(-1)).toMatchObject({ event: 'renouvellement.clore', actorRole: 'systeme' });
    const refused = await eventually(
      () => l.read(gerant(), renewal.id),
      (c) => c.documents.some((d: { kind: string }) => d.kind === 'refus_renouvellement'),
    );
    const text = await documentText(
      refused.documents.find((d: { kind: string }) => d.kind === 'refus_renouvellement').id,
    );
    expect(text).toContain('Déficit persistant sur trois exercices, sans plan de redressement.');
    expect(text).toContain('L’agrément en cours reste valable jusqu’à son terme');
  });
});

describe('suspension and withdrawal', () => {
  it('suspends (never into the past) and lifts, the register following', async () => {
    const licence = await grantedLicence();
    const past = await l.send(directeur(), licence.id, 'licence.suspendre', {
      motifSuspension: 'Retards répétés de paiement des prestataires.',
      finSuspension: '2020-01-31',
    });
    expect(past.message).toBe(
      'L’action « Suspendre l’agrément » n’est pas possible dans l’état « En vigueur » : ' +
        '« Suspendu jusqu’au (inclus) » doit être une date à venir.',
    );
    const gerantRefused = await l.send(gerant(), licence.id, 'licence.suspendre', {
      motifSuspension: 'Le gérant ne suspend pas son propre agrément.',
    });
    expect(gerantRefused).toMatchObject({ __typename: 'NotAllowedError', code: 'non_autorise' });

    const until = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await l.act(directeur(), licence.id, 'licence.suspendre', {
      motifSuspension: 'Retards répétés de paiement des prestataires.',
      finSuspension: until,
    });
    expect(await registerOf(licence.businessKey)).toMatchObject({
      status: 'suspendu',
      statusLabel: 'Suspendu',
      finSuspension: until,
    });
    const suspended = await eventually(
      () => l.read(gerant(), licence.id),
      (c) => c.documents.some((d: { kind: string }) => d.kind === 'decision_suspension'),
    );
    const text = await documentText(
      suspended.documents.find((d: { kind: string }) => d.kind === 'decision_suspension').id,
    );
    expect(text).toMatch(/est suspendu jusqu’au \d{1,2} \S+ \d{4} inclus, pour le motif suivant : Retards répétés/);

    await l.act(directeur(), licence.id, 'licence.retablir', { observations: 'Arriérés soldés.' });
    const lifted = await l.read(gerant(), licence.id);
    expect(lifted).toMatchObject({ state: 'en_vigueur', context: { finSuspension: null } });
    expect(await registerOf(licence.businessKey)).toMatchObject({
      status: 'en_vigueur',
      finSuspension: null,
      history: [{ label: 'Agrément accordé' }, { label: 'Agrément suspendu' }, { label: 'Suspension levée' }],
    });
  });

  it('withdraws the licence for good, with the decision, and the register says so', async () => {
    const licence = await grantedLicence();
    await l.act(directeur(), licence.id, 'licence.retirer', {
      motifRetrait: 'Insolvabilité constatée par l’ICAMO.',
    });
    const withdrawn = await eventually(
      () => l.read(gerant(), licence.id),
      (c) => c.documents.some((d: { kind: string }) => d.kind === 'decision_retrait'),
    );
    expect(withdrawn).toMatchObject({ state: 'retire', terminal: true, availableEvents: [] });
    const text = await documentText(
      withdrawn.documents.find((d: { kind: string }) => d.kind === 'decision_retrait').id,
    );
    expect(text).toContain('est retiré, pour le motif suivant : Insolvabilité constatée par l’ICAMO.');
    expect(await registerOf(licence.businessKey)).toMatchObject({
      status: 'retire',
      statusLabel: 'Retiré',
      history: [{ label: 'Agrément accordé' }, { label: 'Agrément retiré' }],
    });
    const listed = await l.run(null, '{ register(status: retire) { numero } }');
    expect(listed.register).toContainEqual({ numero: licence.businessKey });
    expect(
      (await l.run(null, '{ register(status: en_vigueur) { numero } }')).register.map(
        (e: { numero: string }) => e.numero,
      ),
    ).not.toContain(licence.businessKey);
  });
});

describe('the inboxes', () => {
  it('hold the renewal to prepare, not the licence in force that nobody has to act on', async () => {
    const inbox = async (person: (typeof people.person)[keyof typeof people.person]) =>
      (
        await l.run(person, '{ inbox(first: 100) { ... on InboxSuccess { data { edges { node { id } } } } } }')
      ).inbox.data.edges.map((e: { node: { id: string } }) => e.node.id);
    const licence = await grantedLicence();
    expect(await inbox(gerant())).not.toContain(licence.id);
    expect(await inbox(directeur())).not.toContain(licence.id);
    await l.act(gerant(), licence.id, 'renouvellement.demander');
    const renewal = (
      await eventually(
        () => l.read(gerant(), licence.id),
        (c) => c.children.length === 1,
      )
    ).children[0];
    const waiting = await inbox(gerant());
    expect(waiting).toContain(renewal.id);
    expect(waiting).not.toContain(licence.id);
  });
});

describe('the register', () => {
  it('answers a number it does not know with a typed error, to anyone', async () => {
    expect(await registerOf('AGR-1999-0001')).toEqual({ __typename: 'NotFoundError' });
    const answer = await api.gql('{ registerEntry(numero: "AGR-1999-0001") { ... on Error { code message } } }');
    expect(answer.data.registerEntry).toEqual({
      code: 'introuvable',
      message: 'Aucun agrément ne porte le numéro « AGR-1999-0001 ».',
    });
  });
});
