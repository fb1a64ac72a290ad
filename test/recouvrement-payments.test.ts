import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { eventually } from './support/licensing.ts';
import type { People, Person } from './support/people.ts';

// Payments from a bank statement (all or nothing, a French line report, a second import changing
// nothing), the oldest call paid first, a declaration that corrects an unpaid call, and every
// mutation's bad input: the French error, and nothing changed.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let employerId: string;
let cssIpres: string;

const as = (p: Person): Credentials => ({ token: p.token });
const period1 = '2026-09';
const period2 = '2026-10';

async function gql(p: Person, query: string, variables: Record<string, unknown> = {}) {
  const answer = await api.gql(query, variables, as(p));
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

const STATEMENT = `query($id: ID!) { contributionStatement(employerId: $id) { ... on ContributionStatement {
  balance credit calls { period amount paid status payrollSource } payments { reference amount source allocations { period amount } } } } }`;
const statement = async () => (await gql(people.person.agentA, STATEMENT, { id: employerId })).contributionStatement;

const issue = async (period: string, dueDate: string) => {
  const { issueContributionCalls } = await gql(
    people.person.agentA,
    `mutation($p: String!, $d: String!) { issueContributionCalls(period: $p, dueDate: $d) { ... on Batch { id } } }`,
    { p: period, d: dueDate },
  );
  await eventually(
    () => suite.h.prisma.batch.findUniqueOrThrow({ where: { id: issueContributionCalls.id } }),
    (b) => b.finishedAt !== null,
  );
};

const importFile = async (text: string) =>
  (
    await api.upload(
      `mutation($file: File!) { importBankStatement(file: $file) { __typename
        ... on BankStatementImport { loaded stored alreadyStored invalid lines { line outcome message } }
        ... on Error { code message } } }`,
      {},
      { name: 'releve.csv', content: new TextEncoder().encode(text) },
      as(people.person.agentA),
    )
  ).data.importBankStatement;

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  const db = prismaSql(suite.h.prisma);
  const ipmId = people.organisations.ipmA;
  employerId = await insertEmployer(db, ipmId, 'Huilerie du Sine');
  cssIpres = `CSS-${employerId.slice(0, 8)}`;
  const p = await insertParticipant(db, testDataKeys(), { ipmId, employerId, nin: '1456789012345' });
  await insertAffiliation(db, { participantId: p.id, ninIndex: p.ninIndex, ipmId, employerId, from: '2020-01-01' });
  // Due far ahead: these calls open no ladder while the test runs.
  await issue(period1, '2099-01-10');
  await issue(period2, '2099-02-10');
});
afterAll(() => suite?.close());

describe('payments and declarations', () => {
  it('shows the calls’ batches to their IPM only', async () => {
    const [batch] = await suite.h.prisma.batch.findMany({ take: 1 });
    const read = async (p: Person) =>
      (await gql(
        p,
        `{ batch(id: "${batch?.id}") { __typename } batches { ... on BatchesSuccess { data { id } } } }`,
      )) as {
        batch: { __typename: string };
        batches: { data: { id: string }[] };
      };
    const mine = await read(people.person.agentA);
    expect(mine.batch.__typename).toBe('Batch');
    expect(mine.batches.data.map((b) => b.id)).toContain(batch?.id);
    const other = await read(people.person.agentB);
    expect(other.batch.__typename).toBe('NotFoundError');
    expect(other.batches.data.map((b) => b.id)).not.toContain(batch?.id);
  });

  it('corrects an unpaid call from the declared payroll, and refuses to once it is paid', async () => {
    // 250 000 FCFA of salary at 3 % + 3 %: 15 000 FCFA a period, until the employer declares 400 000.
    expect((await statement()).calls.map((c: { amount: number }) => c.amount)).toEqual([15_000, 15_000]);
    const declared = await gql(
      people.person.agentA,
      `mutation($e: ID!) { declarePayroll(employerId: $e, period: "${period2}", payroll: 400000, headcount: 2) {
        ... on PayrollDeclarationOutcome { recomputed callAmount } } }`,
      { e: employerId },
    );
    expect(declared.declarePayroll).toEqual({ recomputed: true, callAmount: 24_000 });
    expect((await statement()).calls[1]).toMatchObject({ amount: 24_000, payrollSource: 'declaration' });
  });

  it('loads a bank statement all or nothing, oldest call first, and a second import changes nothing', async () => {
    const header = 'date;reference;css_ipres;montant;libelle';
    const bad = [
      header,
      `02/11/2026;BQ-1;${cssIpres};20 000;Virement`,
      '2026-11-03;BQ-2;CSS-INCONNU;abc;Virement',
    ].join('\n');
    const refused = await importFile(bad);
    expect(refused).toMatchObject({ loaded: false, stored: 0, invalid: 1 });
    expect(refused.lines[1].message).toBe(
      'Ligne 3 : montant attendu : un nombre entier de FCFA, plus grand que zéro ; aucun employeur de votre IPM n’a le numéro CSS/IPRES « CSS-INCONNU ».',
    );
    expect((await statement()).payments).toEqual([]);

    const good = [
      header,
      `02/11/2026;BQ-1;${cssIpres};20 000;Virement`,
      `2026-11-03;BQ-2;${cssIpres};25000;Virement`,
    ].join('\n');
    expect(await importFile(good)).toMatchObject({ loaded: true, stored: 2, alreadyStored: 0, invalid: 0 });
    const after = await statement();
    // 45 000 against 15 000 then 24 000: both paid, 6 000 of credit.
    expect(after.calls.map((c: { paid: number; status: string }) => [c.paid, c.status])).toEqual([
      [15_000, 'paye'],
      [24_000, 'paye'],
    ]);
    expect(after.credit).toBe(6_000);
    expect(after.payments).toEqual([
      {
        reference: 'BQ-1',
        amount: 20_000,
        source: 'banque',
        allocations: [
          { period: period1, amount: 15_000 },
          { period: period2, amount: 5_000 },
        ],
      },
      { reference: 'BQ-2', amount: 25_000, source: 'banque', allocations: [{ period: period2, amount: 19_000 }] },
    ]);

    const twice = await importFile(good);
    expect(twice).toMatchObject({ loaded: true, stored: 0, alreadyStored: 2 });
    expect(await statement()).toEqual(after);
  });

  it('refuses bad input in French and changes nothing', async () => {
    const before = await statement();
    const { agentA, gerantA } = people.person;
    const paid = await gql(
      agentA,
      `mutation($e: ID!) { enterPayment(employerId: $e, amount: -5, paidOn: "2026-02-30", reference: "x") { __typename ... on InvalidInputError { message } } }`,
      { e: employerId },
    );
    expect(paid.enterPayment.__typename).toBe('InvalidInputError');
    expect(paid.enterPayment.message).toBe(
      'Paiement refusé : amount — montant attendu : un nombre entier de FCFA, plus grand que zéro ; paidOn — date attendue AAAA-MM-JJ, une date qui existe ; reference — référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné. Corrigez la saisie et recommencez ; rien n’a été enregistré.',
    );
    const duplicate = await gql(
      agentA,
      `mutation($e: ID!) { enterPayment(employerId: $e, amount: 100, paidOn: "2026-11-02", reference: "BQ-1") { __typename ... on Error { message } } }`,
      { e: employerId },
    );
    expect(duplicate.enterPayment).toEqual({
      __typename: 'ConflictError',
      message:
        'Un paiement de référence « BQ-1 » est déjà enregistré dans votre IPM : il n’a pas été saisi une seconde fois.',
    });
    const declared = await gql(
      agentA,
      `mutation($e: ID!) { declarePayroll(employerId: $e, period: "${period1}", payroll: 1, headcount: 1) { __typename ... on Error { message } } }`,
      { e: employerId },
    );
    expect(declared.declarePayroll.message).toBe(
      `L’appel de la période ${period1} a déjà reçu des paiements : la déclaration ne peut plus le corriger. Adressez-vous à l’IPM pour une régularisation ; rien n’a été enregistré.`,
    );
    const badPeriod = await gql(
      agentA,
      'mutation { issueContributionCalls(period: "2026-13", dueDate: "2026-12-01") { __typename ... on Error { message } } }',
    );
    expect(badPeriod.issueContributionCalls.message).toBe(
      'Émission refusée : period — période attendue AAAA-MM. Corrigez et recommencez ; aucun appel n’a été émis.',
    );
    const ladder = await gql(
      gerantA,
      'mutation { setReminderLadder(levels: [{ action: "suspension", delai: "P1D" }]) { __typename ... on Error { message } } }',
    );
    expect(ladder.setReminderLadder.message).toBe(
      'Échelle de relances refusée : L’échelle doit compter 4 niveaux : courrier, mise_en_demeure, signalement_icamo, suspension, dans cet ordre. Corrigez-la et recommencez.',
    );
    const header = await importFile('jour;montant\n2026-11-02;100');
    expect(header.message).toBe(
      'Relevé refusé : la première ligne doit être « date;reference;css_ipres;montant;libelle » (colonnes dans cet ordre). Rien n’a été enregistré.',
    );
    expect(await statement()).toEqual(before);
    expect(await suite.h.prisma.reminderLadder.count()).toBe(0);
    expect(await suite.h.prisma.batch.count()).toBe(2);
    expect(await suite.h.prisma.payrollDeclaration.findMany({ where: { period: period1 } })).toEqual([]);
  });
});
