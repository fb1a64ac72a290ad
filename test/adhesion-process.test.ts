import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { SYSTEM_ACTOR } from '../processes/roles.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { startCase } from '../services/start-case.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertEmployer } from './support/enrolment.ts';
import { uniqueKey } from './support/harness.ts';
import { type Answer, eventually, licensing } from './support/licensing.ts';
import { as, type Person } from './support/people.ts';

// The `adhesion` process on the real Temporal server, through the API: an employer asks to adhere to
// IPM A with its documents, the IPM's agent asks for complements (a blank reason refused), finds it
// complete, the gérant approves the contract with its start date; the employer changes its contacts,
// declares a hire (a wrong NIN said, the same NIN elsewhere refused without naming anyone), a
// departure and a death, and the rights follow; the gérant terminates it and the notice's durable
// timer ends it and the workers' affiliations. Then a refusal, and an IPM d'entreprise that already has
// its employer refusing a second. Every refused mutation is checked to have changed nothing.

let suite: ApiSuite;
let api: ApiServer;
const today = dakarDay(new Date());
const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  suite = await createApiSuite({ durationOverrides: { 'adhesion.preavisResiliation': 'PT3S' } });
  ({ api } = suite);
}, 180_000);
afterAll(() => suite?.close());

const ERRORS = `... on Error { code message } ... on InvalidInputError { fields { field message } }`;
const ADHESION_FIELDS = `caseId state revision employerId status statusReason contractStart terminatedOn actions ipmName`;
const ADHESION = `__typename ... on Adhesion { ${ADHESION_FIELDS} } ${ERRORS}`;

const gql = async (person: Person, query: string, variables: Record<string, unknown> = {}) => {
  const answer = await api.gql(query, variables, as(person));
  expect(answer.errors).toBeUndefined();
  return answer.data as Answer;
};

const opening = (ipm: string, cssIpres = uniqueKey('CSS')) => ({
  ipm,
  raisonSociale: 'Boulangerie de la Corniche',
  numeroCssIpres: cssIpres,
  ninea: '004512345',
  secteur: 'commerce',
  commune: 'SN-DK-01',
  adresse: 'Rue 10, Médina, Dakar',
  contactNom: 'Responsable RH',
  contactTelephone: '+221 33 800 00 00',
});

const request = async (person: Person, input: Record<string, unknown>) =>
  (await gql(person, `mutation($input: JSON!) { requestAdhesion(input: $input) { ${ADHESION} } }`, { input }))
    .requestAdhesion as Answer;

const decide = async (person: Person, caseId: string, event: string, input?: Record<string, unknown>) =>
  (
    await gql(
      person,
      `mutation($caseId: ID!, $event: String!, $input: JSON) { decideAdhesion(caseId: $caseId, event: $event, input: $input) { ${ADHESION} } }`,
      { caseId, event, input },
    )
  ).decideAdhesion as Answer;

const adhesionOf = async (person: Person, caseId: string) =>
  (
    (await gql(person, `{ adhesions { __typename ... on AdhesionsSuccess { data { ${ADHESION_FIELDS} } } } }`))
      .adhesions.data as Answer[]
  ).find((a) => a.caseId === caseId);

const employerRow = (caseId: string) => suite.h.prisma.employer.findFirst({ where: { caseId } });

const PIECES = ['registre_commerce', 'liste_personnel', 'declaration_css_ipres'];

/** An adhesion requested by the employer, its documents attached and submitted: the IPM examines it. */
async function submitted(ipm = suite.people.organisations.ipmA) {
  const { employeur } = suite.people.person;
  const l = licensing(api);
  const opened = await request(employeur, opening(ipm));
  expect(opened, opened.message).toMatchObject({ __typename: 'Adhesion', state: 'brouillon', employerId: null });
  await l.uploadPieces(employeur, opened.caseId, PIECES);
  await l.act(employeur, opened.caseId, 'demande.soumettre');
  return opened.caseId as string;
}

const HIRE = `mutation($input: DeclareHireInput!) { declareHire(input: $input) {
  __typename ... on DeclaredHire { participantId cardNumber coveredFrom } ${ERRORS} } }`;
const DEPART = `mutation($id: ID!, $reason: String!, $date: String!) { declareDeparture(participantId: $id, reason: $reason, date: $date) {
  __typename ... on DeclaredDeparture { endsOn } ${ERRORS} } }`;
const RIGHTS = `query($id: ID!, $date: String!) { rightsAt(beneficiaryId: $id, date: $date) {
  __typename ... on RightsAnswer { covered code reason } ${ERRORS} } }`;

const hire = (employerId: string, nin: string, extra: Record<string, unknown> = {}) => ({
  employerId,
  identifierKind: 'nin',
  identifier: nin,
  matricule: 'MAT-0042',
  lastName: 'Ndiaye',
  firstNames: 'Fatou',
  birthDate: '1990-05-04',
  sex: 'F',
  hireDate: '2026-03-01',
  salary: 350_000,
  ...extra,
});

describe('adhesion of an employer to an IPM', () => {
  it('runs from the request to the contract, enrols workers one by one, and ends by its notice timer', async () => {
    const { employeur, agentA, gerantA, agentB } = suite.people.person;
    const l = licensing(api);

    // Submitting before the documents: refused, the draft unchanged.
    const opened = await request(employeur, opening(suite.people.organisations.ipmA));
    const early = await l.send(employeur, opened.caseId, 'demande.soumettre');
    expect(early).toMatchObject({ __typename: 'NotAllowedError' });
    expect(early.message).toContain('Pièces à déposer d’abord');
    expect(await employerRow(opened.caseId)).toBeNull();
    // A draft is the employer's own: the IPM sees nothing yet.
    expect(await adhesionOf(agentA, opened.caseId)).toBeUndefined();

    await l.uploadPieces(employeur, opened.caseId, PIECES);
    await l.act(employeur, opened.caseId, 'demande.soumettre');
    const caseId = opened.caseId as string;
    const row = await employerRow(caseId);
    expect(row).toMatchObject({
      status: 'demandee',
      ipmId: suite.people.organisations.ipmA,
      organisationId: suite.people.organisations.employer,
      address: 'Rue 10, Médina, Dakar',
    });
    expect(await adhesionOf(agentA, caseId)).toMatchObject({
      state: 'en_examen',
      actions: ['examen.completer', 'examen.demanderComplements', 'examen.refuser'],
    });

    // Another IPM finds nothing; a blank reason for complements is refused and changes nothing.
    expect(await decide(agentB, caseId, 'examen.completer')).toMatchObject({ __typename: 'NotFoundError' });
    const before = await adhesionOf(agentA, caseId);
    const blank = await decide(agentA, caseId, 'examen.demanderComplements', { complementsDemandes: '    ' });
    expect(blank).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'complementsDemandes', message: '« Compléments demandés » est obligatoire.' }],
    });
    expect(await adhesionOf(agentA, caseId)).toMatchObject({ state: 'en_examen', revision: before?.revision });
    expect((await employerRow(caseId))?.status).toBe('demandee');

    expect(
      await decide(agentA, caseId, 'examen.demanderComplements', {
        complementsDemandes: 'La liste du personnel doit porter les matricules de solde.',
      }),
    ).toMatchObject({
      state: 'complements_demandes',
      status: 'complements',
      statusReason: 'La liste du personnel doit porter les matricules de solde.',
    });
    await l.act(employeur, caseId, 'complements.repondre', {
      reponseComplements: 'Liste corrigée, avec les matricules.',
    });
    expect(await decide(agentA, caseId, 'examen.completer')).toMatchObject({
      state: 'en_approbation',
      status: 'en_approbation',
    });

    // Only the gérant approves the contract, and only with its start date.
    expect(await decide(agentA, caseId, 'contrat.approuver', { dateDebutContrat: '2026-01-01' })).toMatchObject({
      __typename: 'NotAllowedError',
    });
    const undated = await decide(gerantA, caseId, 'contrat.approuver', {});
    expect(undated).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'dateDebutContrat', message: '« Date de début du contrat » est obligatoire.' }],
    });
    expect((await employerRow(caseId))?.status).toBe('en_approbation');
    expect(await decide(gerantA, caseId, 'contrat.approuver', { dateDebutContrat: '2026-01-01' })).toMatchObject({
      state: 'active',
      status: 'active',
      contractStart: '2026-01-01',
    });

    // The employer changes its contact's phone on its own case; the row follows, the rest stays.
    await l.act(employeur, caseId, 'adhesion.modifier', { contactTelephone: '+221 77 000 11 22' });
    expect(await employerRow(caseId)).toMatchObject({
      contactPhone: '+221 77 000 11 22',
      address: 'Rue 10, Médina, Dakar',
      status: 'active',
    });

    // Enrolment one by one.
    const employerId = row?.id as string;
    const counts = async () => ({
      participants: await suite.h.prisma.participant.count({ where: { employerId } }),
      events: await suite.h.prisma.enrolmentEvent.count({ where: { employerId } }),
    });
    const wrong = (await gql(employeur, HIRE, { input: hire(employerId, '299001234567') })).declareHire;
    expect(wrong).toMatchObject({ __typename: 'InvalidInputError' });
    expect(wrong.message).toContain('Le NIN doit compter 13 chiffres');
    expect(wrong.message).not.toContain('299001234567');
    const wrongSex = (await gql(employeur, HIRE, { input: hire(employerId, '1990012345678') })).declareHire;
    expect(wrongSex.fields).toEqual([
      { field: 'identifier', message: expect.stringContaining('ne correspond pas au sexe déclaré') },
    ]);
    expect(await counts()).toEqual({ participants: 0, events: 0 });

    const nin = `2${String(Date.now()).slice(-12)}`;
    const fatou = (await gql(employeur, HIRE, { input: hire(employerId, nin) })).declareHire;
    expect(fatou, fatou.message).toMatchObject({ __typename: 'DeclaredHire', coveredFrom: '2026-03-01' });
    expect(fatou.cardNumber).toMatch(/^\d{12}$/);
    // Declared again: refused, nothing doubled.
    const again = (await gql(employeur, HIRE, { input: hire(employerId, nin) })).declareHire;
    expect(again).toMatchObject({ __typename: 'NotAllowedError' });
    expect(await counts()).toEqual({ participants: 1, events: 1 });

    // The same person at an employer of IPM B: not written, naming nobody; the doublon case opens
    // between the two IPMs for ICAMO to arbitrate.
    const elsewhere = await insertEmployer(prismaSql(suite.h.prisma), suite.people.organisations.ipmB, 'Autre SA');
    const duplicate = (await gql(agentB, HIRE, { input: hire(elsewhere, nin, { lastName: 'Autre' }) })).declareHire;
    expect(duplicate).toMatchObject({ __typename: 'NotAllowedError' });
    expect(duplicate.message).toContain('Ce NIN est déjà affilié à une autre IPM à cette date');
    for (const secret of ['Ndiaye', 'Fatou', 'Boulangerie', nin]) expect(duplicate.message).not.toContain(secret);
    expect(await suite.h.prisma.participant.count({ where: { employerId: elsewhere } })).toBe(0);
    const conflicts = await suite.h.prisma.duplicateConflict.findMany({ where: { secondEmployerId: elsewhere } });
    expect(conflicts.map((c) => [c.firstIpmId, c.status])).toEqual([[suite.people.organisations.ipmA, 'ouvert']]);
    expect(duplicate.message).toContain(`Dossier de doublon : ${conflicts[0]?.caseId}.`);

    // The worker and its card number, in the employer's list.
    const workers = (
      await gql(
        employeur,
        `query($id: ID!) { employerWorkers(employerId: $id, first: 1) { __typename ... on EmployerWorkersPage {
          total next workers { id lastName cardNumber affiliatedFrom affiliatedUntil dependants { id } } } ${ERRORS} } }`,
        { id: employerId },
      )
    ).employerWorkers;
    expect(workers).toMatchObject({
      total: 1,
      next: null,
      workers: [{ id: fatou.participantId, lastName: 'Ndiaye', cardNumber: fatou.cardNumber, affiliatedUntil: null }],
    });
    const rights = async (id: string, date: string) => (await gql(agentA, RIGHTS, { id, date })).rightsAt;
    expect(await rights(fatou.participantId, '2026-02-28')).toMatchObject({ covered: false, code: 'non_affilie' });
    expect(await rights(fatou.participantId, '2026-03-01')).toMatchObject({ covered: true });

    // A departure before the start is refused and changes nothing; on its day rights end.
    const early2 = (await gql(employeur, DEPART, { id: fatou.participantId, reason: 'depart', date: '2026-02-01' }))
      .declareDeparture;
    expect(early2).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'date', message: '« Date » : elle doit suivre le début de l’affiliation (1er mars 2026).' }],
    });
    expect(await rights(fatou.participantId, '2026-07-01')).toMatchObject({ covered: true });
    expect(
      (await gql(employeur, DEPART, { id: fatou.participantId, reason: 'depart', date: '2026-06-15' }))
        .declareDeparture,
    ).toMatchObject({ endsOn: '2026-06-15' });
    expect(await rights(fatou.participantId, '2026-06-14')).toMatchObject({ covered: true });
    expect(await rights(fatou.participantId, '2026-06-15')).toMatchObject({ covered: false, code: 'depart' });

    // A second worker, declared by the IPM's agent, then deceased; a death to come is refused.
    const moussa = (
      await gql(agentA, HIRE, {
        input: hire(employerId, `1${String(Date.now()).slice(-12)}`, { sex: 'M', firstNames: 'Moussa' }),
      })
    ).declareHire;
    expect(moussa).toMatchObject({ __typename: 'DeclaredHire' });
    const future = (
      await gql(employeur, DEPART, { id: moussa.participantId, reason: 'deces', date: dayAfter(today, 2) })
    ).declareDeparture;
    expect(future).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'date', message: '« Date du décès » : elle ne peut pas être à venir.' }],
    });
    expect(
      (await gql(employeur, DEPART, { id: moussa.participantId, reason: 'deces', date: '2026-09-10' }))
        .declareDeparture,
    ).toMatchObject({ endsOn: '2026-09-10' });
    expect(await rights(moussa.participantId, '2026-09-10')).toMatchObject({ covered: false, code: 'deces' });
    expect(await suite.h.prisma.enrolmentEvent.findMany({ where: { employerId }, orderBy: { at: 'asc' } })).toEqual([
      expect.objectContaining({ action: 'embauche', actorRole: 'employeur', participantId: fatou.participantId }),
      expect.objectContaining({ action: 'depart', actorRole: 'employeur' }),
      expect.objectContaining({ action: 'embauche', actorRole: 'agent_ipm', participantId: moussa.participantId }),
      expect.objectContaining({ action: 'deces', actorRole: 'employeur' }),
    ]);

    // A third worker still affiliated when the adhesion ends.
    const awa = (
      await gql(employeur, HIRE, {
        input: hire(employerId, `2${String(Date.now() + 7).slice(-12)}`, { firstNames: 'Awa' }),
      })
    ).declareHire;
    expect(awa).toMatchObject({ __typename: 'DeclaredHire' });

    // A page at a time, in name order: Ndiaye Awa, Ndiaye Fatou, then Ndiaye Moussa.
    const PAGE = `query($id: ID!, $after: String) { employerWorkers(employerId: $id, first: 2, after: $after) {
      __typename ... on EmployerWorkersPage { total next workers { id firstNames } } ${ERRORS} } }`;
    const first = (await gql(gerantA, PAGE, { id: employerId })).employerWorkers;
    expect(first).toMatchObject({ total: 3, workers: [{ id: awa.participantId }, { id: fatou.participantId }] });
    const second = (await gql(gerantA, PAGE, { id: employerId, after: first.next })).employerWorkers;
    expect(second).toMatchObject({ next: null, workers: [{ id: moussa.participantId }] });

    // The same form sent twice (its request id) declares once.
    const once = hire(employerId, `1${String(Date.now() + 11).slice(-12)}`, {
      sex: 'M',
      firstNames: 'Ibou',
      requestId: `REQ-${Date.now()}`,
    });
    const sent = (await gql(employeur, HIRE, { input: once })).declareHire;
    const resent = (await gql(employeur, HIRE, { input: once })).declareHire;
    expect(resent).toEqual(sent);
    expect(await counts()).toEqual({ participants: 4, events: 6 });

    // Termination: a reason is required; with one, the notice runs and its timer ends the adhesion.
    const noReason = await decide(gerantA, caseId, 'resiliation.demander', {});
    expect(noReason).toMatchObject({ __typename: 'InvalidInputError' });
    expect((await employerRow(caseId))?.status).toBe('active');
    expect(
      await decide(gerantA, caseId, 'resiliation.demander', {
        motifResiliation: 'Cessation d’activité de l’entreprise.',
      }),
    ).toMatchObject({ state: 'preavis', status: 'preavis' });
    const ended = await eventually(
      () => adhesionOf(employeur, caseId),
      (a) => a?.state === 'resiliee',
    );
    expect(ended).toMatchObject({ status: 'resiliee', terminatedOn: today, actions: [] });
    const closed = await eventually(
      () => suite.h.prisma.affiliation.findFirstOrThrow({ where: { participantId: awa.participantId } }),
      (a) => a.validTo !== null,
    );
    expect(closed).toMatchObject({ endReason: 'depart' });
    expect(closed.validTo?.toISOString().slice(0, 10)).toBe(today);
    // Once terminated, no more hires.
    const late = (
      await gql(employeur, HIRE, { input: hire(employerId, `1${String(Date.now() + 9).slice(-12)}`, { sex: 'M' }) })
    ).declareHire;
    expect(late).toMatchObject({ __typename: 'NotAllowedError' });
    expect(late.message).toContain('n’est pas active');
  });

  it('is refused by the IPM with a reason', async () => {
    const { agentA } = suite.people.person;
    const caseId = await submitted();
    const blank = await decide(agentA, caseId, 'examen.refuser', { motifRefus: '' });
    expect(blank).toMatchObject({ __typename: 'InvalidInputError' });
    expect((await employerRow(caseId))?.status).toBe('demandee');
    expect(
      await decide(agentA, caseId, 'examen.refuser', { motifRefus: 'Entreprise déjà couverte par une autre IPM.' }),
    ).toMatchObject({
      state: 'refusee',
      status: 'refusee',
      statusReason: 'Entreprise déjà couverte par une autre IPM.',
    });
  });

  it('lets an IPM d’entreprise have exactly its one employer', async () => {
    const { employeur } = suite.people.person;
    const ipm = suite.people.organisations.ipmB;
    await startCase(suite.h.ctx, {
      processId: 'licence',
      businessKey: uniqueKey('AGR'),
      organisationId: ipm,
      actor: SYSTEM_ACTOR,
      input: {
        numero: uniqueKey('N'),
        denomination: 'IPM de la Sucrerie',
        typeIpm: 'entreprise',
        debutValidite: '2026-01-01T00:00:00.000Z',
        finValidite: '2030-12-31T23:59:59.000Z',
      },
    });
    // Its employer is there already (ipmB's from the first test, else one inserted here).
    if ((await suite.h.prisma.employer.count({ where: { ipmId: ipm } })) === 0)
      await insertEmployer(prismaSql(suite.h.prisma), ipm, 'La Sucrerie');
    const cases = () =>
      suite.h.prisma.case.count({
        where: { processId: 'adhesion', organisationId: suite.people.organisations.employer },
      });
    const before = await cases();
    const refused = await request(employeur, opening(ipm));
    expect(refused).toMatchObject({ __typename: 'NotAllowedError' });
    expect(refused.message).toBe(
      `« ipmB ${ipm.split('-').at(-1)} » est une IPM d’entreprise : elle couvre exactement un employeur, qu’elle a déjà. ` +
        'Adressez votre demande à une IPM interentreprises.',
    );
    expect(await cases()).toBe(before);
    // An unknown IPM is named as such.
    expect(await request(employeur, opening('ipm-inconnue'))).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'L’IPM choisie n’existe pas : choisissez une IPM de la liste.',
    });
    expect(await cases()).toBe(before);
  });
});
