import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayKey, dayNumber } from '../processes/calendar.ts';
import { hashPassword } from '../services/auth/password.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import type { Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import { as } from './support/people.ts';

// Reimbursements due to members on the real server and database: the IPM's agent records one (the
// same request again lands once; the same reference with other values is refused), marks it paid (the
// member is mailed, through a real SMTP catcher, with a subject naming no one), and bad input is
// refused field by field in French with nothing changed. Another IPM finds nobody. The member reads
// its balance — quote-parts due (MemberDebt rows written here as set-up: the debts' services are
// another domain's), payments, credit and reimbursements — and a second member sees none of it. The
// member downloads its own card and its dependant's, and not another member's.

let suite: ApiSuite;
let lab: MailLab;
beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({ mail: lab.settings });
}, 180_000);
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

const today = new Date().toISOString().slice(0, 10);
const shift = (day: string, days: number) => dayKey(dayNumber(day) + days);
const CARE_DAY = shift(today, -10);
const PASSWORD = 'Mon-espace-assure-2026';

const FIELDS = `__typename
  ... on MemberReimbursement { id participantId dependantId beneficiaryFirstNames reference label incurredOn
    claimedAmount amount status paidOn paymentReference }
  ... on Error { code message }
  ... on InvalidInputError { fields { field message } }`;

const RECORD = `mutation($participantId: ID!, $dependantId: ID, $reference: String!, $label: String!,
    $incurredOn: String!, $claimedAmount: Float!, $amount: Float!) {
  recordReimbursement(participantId: $participantId, dependantId: $dependantId, reference: $reference, label: $label,
    incurredOn: $incurredOn, claimedAmount: $claimedAmount, amount: $amount) { ${FIELDS} }
}`;

const PAY = `mutation($id: ID!, $paidOn: String!, $paymentReference: String!) {
  markReimbursementPaid(id: $id, paidOn: $paidOn, paymentReference: $paymentReference) { ${FIELDS} }
}`;

const LIST = `query($participantId: ID!) {
  memberReimbursements(participantId: $participantId) {
    __typename
    ... on MemberReimbursementsSuccess { data { id reference status amount } }
    ... on Error { code message }
  }
}`;

const BALANCE = `{
  myBalance {
    __typename
    ... on MemberBalance {
      participantId totalDue credit totalReimbursementsDue
      debts { label incurredOn dueDate amount paid remaining status beneficiaryFirstNames }
      payments { amount paidOn mode }
      reimbursements { label incurredOn amount status paidOn beneficiaryFirstNames }
    }
    ... on Error { code message }
  }
}`;

interface Member {
  id: string;
  child: string;
  email: string;
  cookie: Credentials;
}

/** A participant of IPM A with a child, and its member account (set-up: the invitation is tested elsewhere). */
async function member(nin: string): Promise<Member> {
  const { h, people, api } = suite;
  const db = prismaSql(h.prisma);
  const ipmA = people.organisations.ipmA;
  const employerId = await insertEmployer(db, ipmA);
  const p = await insertParticipant(db, testDataKeys(), { ipmId: ipmA, employerId, nin });
  await insertAffiliation(db, {
    participantId: p.id,
    ninIndex: p.ninIndex,
    ipmId: ipmA,
    employerId,
    from: '2026-01-01',
  });
  const child = await insertDependant(db, { participantId: p.id, rank: 1, kind: 'enfant', birthDate: '2015-05-01' });
  const email = `assure.${nin}@exemple.sn`;
  const user = await h.prisma.user.create({
    data: {
      email,
      displayName: 'Awa Diop',
      passwordHash: await hashPassword(PASSWORD),
      organisationId: ipmA,
      roles: ['assure'],
    },
  });
  await h.prisma.memberAccount.create({
    data: { userId: user.id, participantId: p.id, ipmId: ipmA, invitedBy: people.person.agentA.id },
  });
  return { id: p.id, child, email, cookie: { cookie: (await api.signIn(email, PASSWORD)).cookie } };
}

/** A debt of the member, as the debts' services would have written it (test set-up). */
async function debt(
  participantId: string,
  d: { reference: string; label: string; amount: number; paid?: number; status?: string; dependantId?: string },
) {
  await suite.h.prisma.memberDebt.create({
    data: {
      id: randomUUID(),
      ipmId: suite.people.organisations.ipmA,
      participantId,
      kind: 'quote_part',
      reference: d.reference,
      label: d.label,
      dependantId: d.dependantId ?? null,
      incurredOn: new Date(`${CARE_DAY}T00:00:00Z`),
      amount: BigInt(d.amount),
      paid: BigInt(d.paid ?? 0),
      dueDate: new Date(`${shift(today, 20)}T00:00:00Z`),
      status: d.status ?? 'due',
      source: 'manuel',
      createdBy: suite.people.person.agentA.id,
    },
  });
}

describe('reimbursements due to members', () => {
  let first: Member;
  let second: Member;
  let reimbursementId = '';
  const good = () => ({
    participantId: first.id,
    dependantId: first.child,
    reference: 'RMB-2026-0001',
    label: 'Consultation pédiatrique',
    incurredOn: CARE_DAY,
    claimedAmount: 15000,
    amount: 12000,
  });
  const record = (vars: Record<string, unknown>, who = suite.people.person.agentA) =>
    suite.api.gql(RECORD, vars, as(who)).then((a) => a.data.recordReimbursement);
  const pay = (vars: Record<string, unknown>, who = suite.people.person.agentA) =>
    suite.api.gql(PAY, vars, as(who)).then((a) => a.data.markReimbursementPaid);
  const rows = () => suite.h.prisma.memberReimbursement.findMany({ orderBy: { id: 'asc' } });

  beforeAll(async () => {
    first = await member('1690909101234');
    second = await member('1690909105678');
  });

  it('records one for a dependant of a participant of the IPM, and the same request again lands once', async () => {
    const recorded = await record(good());
    expect(recorded).toMatchObject({
      __typename: 'MemberReimbursement',
      participantId: first.id,
      dependantId: first.child,
      beneficiaryFirstNames: 'Moussa',
      reference: 'RMB-2026-0001',
      incurredOn: CARE_DAY,
      claimedAmount: 15000,
      amount: 12000,
      status: 'du',
      paidOn: null,
    });
    reimbursementId = recorded.id;
    const again = await record(good(), suite.people.person.gerantA);
    expect(again).toMatchObject({ __typename: 'MemberReimbursement', id: reimbursementId });
    expect((await rows()).length).toBe(1);
    const listed = await suite.api.gql(LIST, { participantId: first.id }, as(suite.people.person.agentA));
    expect(listed.data.memberReimbursements).toEqual({
      __typename: 'MemberReimbursementsSuccess',
      data: [{ id: reimbursementId, reference: 'RMB-2026-0001', status: 'du', amount: 12000 }],
    });
  });

  it('refuses bad input field by field, in French, and changes nothing', async () => {
    const before = await rows();
    const refused = async (vars: Record<string, unknown>, field: string, message: string) => {
      const answer = await record({ ...good(), reference: 'RMB-2026-0099', ...vars });
      expect(answer).toMatchObject({ __typename: 'InvalidInputError', fields: [{ field, message }] });
      expect(answer.message).toMatch(/^Remboursement refusé : .*rien n’a été enregistré\.$/);
    };
    await refused({ incurredOn: shift(today, 1) }, 'incurredOn', 'la date des soins ne peut pas être future');
    await refused({ incurredOn: '2026-02-30' }, 'incurredOn', 'date attendue AAAA-MM-JJ, une date qui existe');
    await refused(
      { amount: 16000 },
      'amount',
      'le montant remboursé ne peut pas dépasser le montant payé par l’assuré',
    );
    await refused({ amount: 0 }, 'amount', 'montant remboursé attendu : un nombre entier de FCFA, plus grand que zéro');
    await refused(
      { claimedAmount: 150.5 },
      'claimedAmount',
      'montant payé attendu : un nombre entier de FCFA, plus grand que zéro',
    );
    await refused(
      { reference: 'x' },
      'reference',
      'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné',
    );
    await refused({ label: ' ' }, 'label', 'libellé attendu : 2 à 200 caractères');
    // Another participant's dependant.
    await refused(
      { dependantId: second.child },
      'dependantId',
      'cet ayant droit n’est pas celui du participant : choisissez-en un des siens',
    );
    // The same reference with other values: refused, the first row kept as it was.
    expect(await record({ ...good(), amount: 11000 })).toMatchObject({
      __typename: 'ConflictError',
      message:
        'Un remboursement de référence « RMB-2026-0001 » est déjà enregistré dans votre IPM avec d’autres valeurs : rien n’a été modifié. Vérifiez la référence de la demande.',
    });
    // Another IPM's agent finds nobody; the employer may not.
    expect(await record({ ...good(), reference: 'RMB-B-1' }, suite.people.person.agentB)).toMatchObject({
      __typename: 'NotFoundError',
      message:
        'Participant introuvable dans votre IPM : vérifiez son identifiant (seule l’IPM qui le détient le voit).',
    });
    expect((await record(good(), suite.people.person.employeur)).__typename).toBe('ForbiddenError');
    const list = await suite.api.gql(LIST, { participantId: first.id }, as(suite.people.person.agentB));
    expect(list.data.memberReimbursements.__typename).toBe('NotFoundError');
    expect(await rows()).toEqual(before);
  });

  it('marks it paid once, mails the member without naming anyone in the subject, and refuses other values', async () => {
    const before = await rows();
    const bad = async (vars: Record<string, unknown>, field: string, message: string) => {
      const answer = await pay({ id: reimbursementId, paidOn: today, paymentReference: 'VIR-778899', ...vars });
      expect(answer).toMatchObject({ __typename: 'InvalidInputError', fields: [{ field, message }] });
      expect(answer.message).toMatch(/^Paiement du remboursement refusé : .*rien n’a été enregistré\.$/);
    };
    await bad({ paidOn: shift(today, 1) }, 'paidOn', 'la date du paiement ne peut pas être future');
    await bad(
      { paidOn: shift(CARE_DAY, -1) },
      'paidOn',
      `la date du paiement ne peut pas précéder celle des soins (${CARE_DAY})`,
    );
    await bad(
      { paymentReference: '' },
      'paymentReference',
      'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné',
    );
    expect(
      await pay({ id: reimbursementId, paidOn: today, paymentReference: 'VIR-778899' }, suite.people.person.agentB),
    ).toMatchObject({
      __typename: 'NotFoundError',
      message: 'Remboursement introuvable dans votre IPM : vérifiez son identifiant.',
    });
    expect(await rows()).toEqual(before);
    expect((await lab.caught()).length).toBe(0);

    const paid = await pay({ id: reimbursementId, paidOn: today, paymentReference: 'VIR-778899' });
    expect(paid).toMatchObject({ __typename: 'MemberReimbursement', status: 'paye', paidOn: today });
    await expect.poll(async () => (await lab.caught()).filter((m) => recipientOf(m) === first.email).length).toBe(1);
    const [mail] = (await lab.caught()).filter((m) => recipientOf(m) === first.email);
    expect(mail?.subject).toBe('Siamo : un remboursement vous a été versé');
    expect(mail?.text).toContain('12');
    expect(mail?.text).toContain('VIR-778899');
    // What the care was stays in the member's space.
    expect(mail?.text).not.toContain('pédiatrique');

    // Sent again: unchanged, no second mail; other values: refused.
    const row = await suite.h.prisma.memberReimbursement.findUniqueOrThrow({ where: { id: reimbursementId } });
    expect(await pay({ id: reimbursementId, paidOn: today, paymentReference: 'VIR-778899' })).toMatchObject({
      __typename: 'MemberReimbursement',
      status: 'paye',
    });
    expect(await pay({ id: reimbursementId, paidOn: today, paymentReference: 'VIR-000001' })).toMatchObject({
      __typename: 'ConflictError',
      message: `Ce remboursement est déjà marqué payé le ${today} (référence « VIR-778899 ») : rien n’a été modifié.`,
    });
    expect(await suite.h.prisma.memberReimbursement.findUniqueOrThrow({ where: { id: reimbursementId } })).toEqual(row);
    expect(await suite.h.prisma.mailMessage.count({ where: { toAddress: first.email } })).toBe(1);
  });

  it('shows the member its own quote-parts, payments, credit and reimbursements, and another member none of them', async () => {
    const { h, people, api } = suite;
    await debt(first.id, { reference: 'QP-1', label: 'Hospitalisation, part de l’assuré', amount: 40000, paid: 10000 });
    await debt(first.id, { reference: 'QP-2', label: 'Pharmacie', amount: 5000, dependantId: first.child });
    // Paid and cancelled debts are not « to pay ».
    await debt(first.id, { reference: 'QP-3', label: 'Radiologie', amount: 7000, paid: 7000, status: 'payee' });
    await debt(first.id, { reference: 'QP-4', label: 'Erreur', amount: 9000, status: 'annulee' });
    await h.prisma.memberPayment.create({
      data: {
        id: randomUUID(),
        ipmId: people.organisations.ipmA,
        participantId: first.id,
        amount: 17000n,
        paidOn: new Date(`${CARE_DAY}T00:00:00Z`),
        reference: 'PAY-1',
        mode: 'mobile_money',
        enteredBy: people.person.agentA.id,
      },
    });
    await h.prisma.memberCredit.create({
      data: { participantId: first.id, ipmId: people.organisations.ipmA, amount: 0n },
    });
    await record({
      ...good(),
      dependantId: null,
      reference: 'RMB-2026-0002',
      label: 'Lunettes',
      claimedAmount: 30000,
      amount: 20000,
    });

    const mine = (await api.gql(BALANCE, {}, first.cookie)).data.myBalance;
    expect(mine).toMatchObject({
      __typename: 'MemberBalance',
      participantId: first.id,
      totalDue: 35000,
      credit: 0,
      totalReimbursementsDue: 20000,
      payments: [{ amount: 17000, paidOn: CARE_DAY, mode: 'mobile_money' }],
    });
    expect(mine.debts.map((d: { label: string; remaining: number; beneficiaryFirstNames: string }) => d)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          label: 'Hospitalisation, part de l’assuré',
          remaining: 30000,
          beneficiaryFirstNames: 'Awa',
        }),
        expect.objectContaining({ label: 'Pharmacie', remaining: 5000, beneficiaryFirstNames: 'Moussa' }),
      ]),
    );
    expect(mine.debts).toHaveLength(2);
    expect(mine.reimbursements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: 'Lunettes', status: 'du', paidOn: null, beneficiaryFirstNames: 'Awa' }),
        expect.objectContaining({ label: 'Consultation pédiatrique', status: 'paye', paidOn: today }),
      ]),
    );

    const theirs = (await api.gql(BALANCE, {}, second.cookie)).data.myBalance;
    expect(theirs).toEqual({
      __typename: 'MemberBalance',
      participantId: second.id,
      totalDue: 0,
      credit: 0,
      totalReimbursementsDue: 0,
      debts: [],
      payments: [],
      reimbursements: [],
    });
    // The member's balance takes no id; the IPM's view of a participant is refused to a member.
    const named = await api.gql(`{ myBalance(participantId: "${first.id}") { __typename } }`, {}, second.cookie);
    expect(named.errors?.[0]?.message).toBe(
      'L’argument « participantId » n’existe pas pour le champ « Query.myBalance ».',
    );
    const ipmView = await api.gql(
      `{ participantBalance(participantId: "${first.id}") { __typename ... on Error { message } } }`,
      {},
      second.cookie,
    );
    expect(ipmView.data.participantBalance).toMatchObject({
      __typename: 'ForbiddenError',
      message: 'Votre rôle ne permet pas de consulter les sommes dues par et à un participant.',
    });
    // The IPM holding the participant reads the same; another IPM, nobody.
    const byIpm = await api.gql(
      `{ participantBalance(participantId: "${first.id}") { __typename ... on MemberBalance { totalDue totalReimbursementsDue } } }`,
      {},
      as(people.person.agentA),
    );
    expect(byIpm.data.participantBalance).toEqual({
      __typename: 'MemberBalance',
      totalDue: 35000,
      totalReimbursementsDue: 20000,
    });
    const byOther = await api.gql(
      `{ participantBalance(participantId: "${first.id}") { __typename } }`,
      {},
      as(people.person.agentB),
    );
    expect(byOther.data.participantBalance.__typename).toBe('NotFoundError');
  });

  it('lets the member download its own card and its dependant’s, and not another member’s', async () => {
    const { api } = suite;
    expect((await api.get(`/cartes/${first.id}.docx`, first.cookie)).status).toBe(200);
    expect((await api.get(`/cartes/${first.child}.docx`, first.cookie)).status).toBe(200);
    expect((await api.get(`/cartes/${second.id}.docx`, first.cookie)).status).toBe(404);
    expect((await api.get(`/cartes/${second.child}.docx`, first.cookie)).status).toBe(404);
    expect((await api.get(`/cartes/${first.id}.docx`, second.cookie)).status).toBe(404);
  });
});
