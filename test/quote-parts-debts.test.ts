import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';
import type { People, Person } from './support/people.ts';

// What participants owe their IPM, through the API on the real server: a debt recorded one by one
// (the same again gives it back, other values are refused), a file of debts (all or nothing, a
// second import changing nothing), payments allocated oldest debt first, an overpayment kept as
// credit and used by the next debt at once, the same payment sent twice, a cancellation, the
// collection list, the members' ladder's setting; and every mutation's bad input: the French error,
// and nothing changed. The ladder's levels are test/quote-parts-ladder.test.ts's.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let participantId: string;
let dependantId: string;
let otherParticipantId: string;
let foreignParticipantId: string;
let participantCard: string;
let dependantCard: string;
let otherCard: string;

const as = (p: Person): Credentials => ({ token: p.token });
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = dayOf(Date.now());
const tomorrow = dayOf(Date.now() + DAY);
const ago = (n: number) => dayOf(Date.now() - n * DAY);

async function gql(p: Person, query: string, variables: Record<string, unknown> = {}) {
  const answer = await api.gql(query, variables, as(p));
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

const RECORD = `mutation($p: ID!, $k: String!, $r: String!, $l: String!, $d: ID, $i: String!, $a: Float!, $e: String) {
  recordMemberDebt(participantId: $p, kind: $k, reference: $r, label: $l, dependantId: $d, incurredOn: $i, amount: $a, dueDate: $e) {
    __typename
    ... on MemberDebtRecorded { created debt { id reference amount paid remaining dueDate status kind dependantId source } }
    ... on Error { code message } } }`;

const record = async (p: Person, v: Record<string, unknown>) =>
  (
    await gql(p, RECORD, {
      p: participantId,
      k: 'quote_part',
      l: 'Consultation, part de l’assuré',
      i: ago(10),
      ...v,
    })
  ).recordMemberDebt;

const PAY = `mutation($p: ID!, $a: Float!, $d: String!, $r: String!, $m: String!) {
  enterMemberPayment(participantId: $p, amount: $a, paidOn: $d, reference: $r, mode: $m) { __typename
    ... on MemberPaymentOutcome { paymentId created outstanding credit ladder allocatedTo { debtId amount } }
    ... on Error { code message } } }`;

const pay = async (v: { a: number; r: string; d?: string; m?: string; p?: string }, p: Person = people.person.agentA) =>
  (await gql(p, PAY, { p: participantId, d: today, m: 'especes', ...v })).enterMemberPayment;

const ACCOUNT = `query($p: ID!) { memberDebts(participantId: $p) { __typename
  ... on MemberDebts { balance overdue credit ladder { caseId }
    debts { id reference amount paid remaining status dueDate source dependantId }
    payments { reference amount mode allocated allocations { reference amount } } }
  ... on Error { code message } } }`;

const account = async (p: Person = people.person.agentA, id = participantId) =>
  (await gql(p, ACCOUNT, { p: id })).memberDebts;

const importFile = async (text: string, p: Person = people.person.agentA) =>
  (
    await api.upload(
      `mutation($file: File!) { importMemberDebts(file: $file) { __typename
        ... on MemberDebtsImport { loaded stored alreadyStored invalid lines { line outcome message } }
        ... on Error { code message } } }`,
      {},
      { name: 'sommes-dues.csv', content: new TextEncoder().encode(text) },
      as(p),
    )
  ).data.importMemberDebts;

const debtRows = () => suite.h.prisma.memberDebt.count();

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  const db = prismaSql(suite.h.prisma);
  const ipmId = people.organisations.ipmA;
  const employerId = await insertEmployer(db, ipmId, 'Sucrerie du Walo');
  const keys = testDataKeys();
  const p = await insertParticipant(db, keys, { ipmId, employerId, nin: '1567890123456' });
  await insertAffiliation(db, { participantId: p.id, ninIndex: p.ninIndex, ipmId, employerId, from: '2020-01-01' });
  participantId = p.id;
  dependantId = await insertDependant(db, { participantId, rank: 1, kind: 'enfant', birthDate: '2015-05-01' });
  const other = await insertParticipant(db, keys, { ipmId, employerId, nin: '2567890123457' });
  otherParticipantId = other.id;
  const foreignEmployer = await insertEmployer(db, people.organisations.ipmB, 'Pêcheries de Joal');
  foreignParticipantId = (
    await insertParticipant(db, keys, {
      ipmId: people.organisations.ipmB,
      employerId: foreignEmployer,
      nin: '1667890123458',
    })
  ).id;
  const cards = await suite.h.prisma.participant.findMany({ select: { id: true, cardNumber: true } });
  participantCard = cards.find((c) => c.id === participantId)?.cardNumber as string;
  otherCard = cards.find((c) => c.id === otherParticipantId)?.cardNumber as string;
  dependantCard = (await suite.h.prisma.dependant.findUniqueOrThrow({ where: { id: dependantId } })).cardNumber;
});
afterAll(() => suite?.close());

describe('members’ debts and payments', () => {
  it('records a debt once, its due date by default the setting’s days after the care', async () => {
    const first = await record(people.person.agentA, { r: 'QP-2026-0001', a: 4_000 });
    expect(first).toMatchObject({
      created: true,
      debt: {
        reference: 'QP-2026-0001',
        amount: 4_000,
        paid: 0,
        remaining: 4_000,
        status: 'due',
        source: 'manuel',
        dependantId: null,
        // delaiPaiementQuotePart: 30 days by default.
        dueDate: dayOf(Date.now() - 10 * DAY + 30 * DAY),
      },
    });
    // The same again (a retry): the stored debt, nothing added.
    const again = await record(people.person.gerantA, { r: 'QP-2026-0001', a: 4_000 });
    expect(again).toMatchObject({ created: false, debt: { id: first.debt.id } });
    expect(await debtRows()).toBe(1);
  });

  it('refuses bad input in French and changes nothing', async () => {
    const before = await debtRows();
    const refused = async (v: Record<string, unknown>, p: Person = people.person.agentA) => {
      const answer = await record(p, v);
      expect(await debtRows()).toBe(before);
      return answer;
    };
    expect(await refused({ r: 'QP-2026-0001', a: 5_000 })).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringContaining('déjà enregistrée dans votre IPM avec d’autres valeurs'),
    });
    expect(await refused({ r: 'QP-X-1', a: 1_000, p: 'nexiste-pas' })).toMatchObject({
      __typename: 'NotFoundError',
      message: 'Participant introuvable dans votre IPM : vérifiez son identifiant.',
    });
    // Another IPM's participant is nobody to this IPM, and this IPM's to another.
    expect((await refused({ r: 'QP-X-2', a: 1_000, p: foreignParticipantId })).__typename).toBe('NotFoundError');
    expect((await refused({ r: 'QP-X-3', a: 1_000 }, people.person.agentB)).__typename).toBe('NotFoundError');
    expect(await refused({ r: 'QP-X-4', a: 0 })).toMatchObject({
      __typename: 'InvalidInputError',
      message: expect.stringContaining('amount — montant attendu : un nombre entier de FCFA, plus grand que zéro'),
    });
    expect(await refused({ r: 'QP-X-5', a: 10.5 })).toMatchObject({ __typename: 'InvalidInputError' });
    expect(await refused({ r: 'QP-X-6', a: 1_000, i: tomorrow })).toMatchObject({
      __typename: 'InvalidInputError',
      message: expect.stringContaining('la date des soins ne peut pas être future'),
    });
    expect(await refused({ r: 'QP-X-7', a: 1_000, k: 'cadeau' })).toMatchObject({
      message: expect.stringContaining('nature attendue : quote_part, avance, autre'),
    });
    expect(await refused({ r: 'QP-X-8', a: 1_000, e: ago(20) })).toMatchObject({
      message: expect.stringContaining('l’échéance ne peut pas précéder la date des soins'),
    });
    // A dependant of someone else.
    expect(await refused({ r: 'QP-X-9', a: 1_000, p: otherParticipantId, d: dependantId })).toMatchObject({
      __typename: 'InvalidInputError',
      message: expect.stringContaining('cet ayant droit n’est pas l’un de ceux du participant'),
    });
  });

  it('reads a file of debts all or nothing, and a second import changes nothing', async () => {
    const header = 'carte;reference;nature;libelle;date_soins;montant;echeance';
    const wrong = await importFile(`carte;reference;montant\n${participantCard};F-1;1000\n`);
    expect(wrong).toMatchObject({
      __typename: 'InvalidInputError',
      message: `Fichier refusé : la première ligne doit être « ${header} » (colonnes dans cet ordre). Rien n’a été enregistré.`,
    });
    const before = await debtRows();
    const good = [
      `${participantCard};F-2026-01;avance;Avance sur hospitalisation;${ago(9).split('-').reverse().join('/')};6 000;`,
      `${dependantCard};F-2026-02;quote_part;Pharmacie de l’enfant;${ago(8)};2 500;${today}`,
    ];
    const oneBad = await importFile(
      [header, ...good, `${otherCard};F-2026-03;quote_part;Analyse;${tomorrow};1000;`].join('\n'),
    );
    expect(oneBad).toMatchObject({ loaded: false, stored: 0, invalid: 1 });
    expect(oneBad.lines[2].message).toBe('Ligne 4 : la date des soins ne peut pas être future.');
    expect(oneBad.lines[0].message).toBe('Ligne 2 : valide, non enregistrée (le fichier a des lignes invalides).');
    const unknown = await importFile([header, `99999999999;F-2026-04;quote_part;Analyse;${ago(3)};1000;`].join('\n'));
    expect(unknown.lines[0].message).toContain('aucun assuré de votre IPM n’a la carte « 99999999999 »');
    // Another IPM knows none of these cards.
    const foreign = await importFile([header, ...good].join('\n'), people.person.agentB);
    expect(foreign).toMatchObject({ loaded: false, invalid: 2 });
    expect(await debtRows()).toBe(before);

    const loaded = await importFile([header, ...good].join('\n'));
    expect(loaded).toMatchObject({ loaded: true, stored: 2, alreadyStored: 0, invalid: 0 });
    const state = await account();
    expect(state.debts.find((d: { reference: string }) => d.reference === 'F-2026-02')).toMatchObject({
      source: 'fichier',
      dependantId,
      amount: 2_500,
      dueDate: today,
    });
    const again = await importFile([header, ...good].join('\n'));
    expect(again).toMatchObject({ loaded: true, stored: 0, alreadyStored: 2 });
    expect(again.lines[0].message).toBe('Ligne 2 : somme due « F-2026-01 » déjà enregistrée, ignorée.');
    expect(await account()).toEqual(state);
    // The same reference with another amount is not a repeat.
    const changed = await importFile(
      [header, `${participantCard};F-2026-01;avance;Avance sur hospitalisation;${ago(9)};7000;`].join('\n'),
    );
    expect(changed.lines[0]).toMatchObject({ outcome: 'invalide' });
    expect(changed.lines[0].message).toContain('déjà enregistrée avec d’autres valeurs');
    expect(await debtRows()).toBe(before + 2);
  });

  it('allocates payments oldest debt first, keeps an overpayment as credit for the next debt', async () => {
    // Debts: F-2026-02 (2 500, due today), QP-2026-0001 (4 000, due in 20 days), F-2026-01 (6 000, due in 21 days).
    const partial = await pay({ a: 3_000, r: 'REC-0001' });
    expect(partial).toMatchObject({ created: true, outstanding: 9_500, credit: 0, ladder: 'sans_relance' });
    let state = await account();
    const byRef = (ref: string) => state.debts.find((d: { reference: string }) => d.reference === ref);
    expect(byRef('F-2026-02')).toMatchObject({ paid: 2_500, remaining: 0, status: 'payee' });
    expect(byRef('QP-2026-0001')).toMatchObject({ paid: 500, remaining: 3_500, status: 'partiellement_payee' });
    expect(byRef('F-2026-01')).toMatchObject({ paid: 0, status: 'due' });

    // The same payment sent twice: the same outcome, nothing added.
    const repeat = await pay({ a: 3_000, r: 'REC-0001' });
    expect(repeat).toMatchObject({ created: false, paymentId: partial.paymentId, outstanding: 9_500 });
    expect(repeat.allocatedTo).toEqual(partial.allocatedTo);
    expect(await suite.h.prisma.memberPayment.count()).toBe(1);

    const full = await pay({ a: 12_000, r: 'REC-0002', m: 'mobile_money', d: ago(1) });
    expect(full).toMatchObject({ outstanding: 0, credit: 2_500 });
    state = await account();
    expect(state).toMatchObject({ balance: 0, credit: 2_500 });
    expect(state.debts.every((d: { status: string }) => d.status === 'payee')).toBe(true);
    expect(state.payments).toEqual([
      expect.objectContaining({ reference: 'REC-0002', mode: 'mobile_money', allocated: 9_500 }),
      expect.objectContaining({ reference: 'REC-0001', mode: 'especes', allocated: 3_000 }),
    ]);

    // The credit pays the next debt at once.
    const next = await record(people.person.agentA, { r: 'QP-2026-0002', a: 4_000, i: ago(1) });
    expect(next.debt).toMatchObject({ paid: 2_500, remaining: 1_500, status: 'partiellement_payee' });
    expect(await account()).toMatchObject({ balance: 1_500, credit: 0 });
  });

  it('refuses a bad payment in French and changes nothing', async () => {
    const before = await suite.h.prisma.memberAllocation.count();
    const refused = async (v: Parameters<typeof pay>[0], p?: Person) => {
      const answer = await pay(v, p);
      expect(await suite.h.prisma.memberAllocation.count()).toBe(before);
      expect(await suite.h.prisma.memberPayment.count()).toBe(2);
      return answer;
    };
    expect(await refused({ a: 0, r: 'REC-X-1' })).toMatchObject({
      __typename: 'InvalidInputError',
      message: expect.stringContaining('amount — montant attendu : un nombre entier de FCFA, plus grand que zéro'),
    });
    expect(await refused({ a: 100, r: 'REC-X-2', d: tomorrow })).toMatchObject({
      message: expect.stringContaining('la date du paiement ne peut pas être future'),
    });
    expect(await refused({ a: 100, r: 'REC-X-3', m: 'cheque' })).toMatchObject({
      message: expect.stringContaining('mode attendu : especes, virement, mobile_money, retenue_salaire'),
    });
    expect(await refused({ a: 100, r: 'REC-0001' })).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringContaining('déjà enregistré dans votre IPM avec d’autres valeurs'),
    });
    expect((await refused({ a: 100, r: 'REC-X-4', p: foreignParticipantId })).__typename).toBe('NotFoundError');
    expect((await refused({ a: 100, r: 'REC-X-5' }, people.person.agentB)).__typename).toBe('NotFoundError');
  });

  it('cancels an unpaid debt (the gérant), never one with a payment on it', async () => {
    const extra = await record(people.person.agentA, { r: 'QP-2026-0003', a: 900, p: otherParticipantId });
    const CANCEL = `mutation($d: ID!) { cancelMemberDebt(debtId: $d) { __typename ... on MemberDebt { status } ... on Error { message } } }`;
    expect((await gql(people.person.agentA, CANCEL, { d: extra.debt.id })).cancelMemberDebt.__typename).toBe(
      'ForbiddenError',
    );
    expect((await gql(people.person.gerantB, CANCEL, { d: extra.debt.id })).cancelMemberDebt.__typename).toBe(
      'NotFoundError',
    );
    expect((await gql(people.person.gerantA, CANCEL, { d: extra.debt.id })).cancelMemberDebt.status).toBe('annulee');
    expect((await gql(people.person.gerantA, CANCEL, { d: extra.debt.id })).cancelMemberDebt.status).toBe('annulee');
    const paid = (await account()).debts.find((d: { reference: string }) => d.reference === 'QP-2026-0002');
    expect((await gql(people.person.gerantA, CANCEL, { d: paid.id })).cancelMemberDebt).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Annulation refusée : un paiement est déjà affecté à cette somme due. Rien n’a été modifié.',
    });
    expect((await account()).debts.find((d: { reference: string }) => d.reference === 'QP-2026-0002').status).toBe(
      'partiellement_payee',
    );
    expect((await account(people.person.agentA, otherParticipantId)).balance).toBe(0);
  });

  it('lists the IPM’s overdue members, and shows a member’s debts to its IPM only', async () => {
    await record(people.person.agentA, { r: 'QP-2026-0004', a: 1_200, p: otherParticipantId, i: ago(5), e: ago(2) });
    const list = await gql(
      people.person.gerantA,
      '{ overdueMemberDebts { ... on OverdueMemberDebts { data { participantId cardNumber lastName overdue oldestDueDate ladderLevel } } } }',
    );
    expect(list.overdueMemberDebts.data).toEqual([
      {
        participantId: otherParticipantId,
        cardNumber: otherCard,
        lastName: 'Diop',
        overdue: 1_200,
        oldestDueDate: ago(2),
        ladderLevel: null,
      },
    ]);
    const foreign = await gql(
      people.person.agentB,
      '{ overdueMemberDebts { ... on OverdueMemberDebts { data { participantId } } } }',
    );
    expect(foreign.overdueMemberDebts.data).toEqual([]);
    expect((await account(people.person.agentB)).__typename).toBe('NotFoundError');
  });

  it('sets the members’ ladder (the gérant), refusing a wrong one', async () => {
    const SET = `mutation($l: [MemberReminderLadderLevelInput!]!) { setMemberReminderLadder(levels: $l) { __typename
      ... on MemberReminderLadder { own levels { action delai } } ... on Error { message } } }`;
    const read = async () =>
      (
        await gql(
          people.person.agentA,
          '{ memberReminderLadder { ... on MemberReminderLadder { own levels { action delai } } } }',
        )
      ).memberReminderLadder;
    expect(await read()).toMatchObject({
      own: false,
      levels: [{ action: 'rappel', delai: 'P1D' }, { action: 'retenue_salaire' }, { action: 'suspension' }],
    });
    const bad = await gql(people.person.gerantA, SET, {
      l: [
        { action: 'rappel', delai: 'P10D' },
        { action: 'retenue_salaire', delai: 'P5D' },
        { action: 'suspension', delai: 'huit jours' },
      ],
    });
    expect(bad.setMemberReminderLadder).toMatchObject({
      __typename: 'InvalidInputError',
      message:
        'Échelle de relances des assurés refusée : niveau 2 (retenue_salaire) : le délai doit être plus long que celui du niveau précédent. ' +
        'niveau 3 (suspension) : délai « huit jours » invalide, attendu une durée ISO 8601 comme P15D. Corrigez-la et recommencez.',
    });
    expect((await read()).own).toBe(false);
    const levels = [
      { action: 'rappel', delai: 'P7D' },
      { action: 'retenue_salaire', delai: 'P20D' },
      { action: 'suspension', delai: 'P45D' },
    ];
    expect((await gql(people.person.agentA, SET, { l: levels })).setMemberReminderLadder.__typename).toBe(
      'ForbiddenError',
    );
    expect((await gql(people.person.gerantA, SET, { l: levels })).setMemberReminderLadder).toMatchObject({
      own: true,
      levels,
    });
    expect(await read()).toMatchObject({ own: true, levels });
  });
});
