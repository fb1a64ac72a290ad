import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay, dayKey, dayNumber } from '../processes/calendar.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { CLAIMS_NOTE } from '../services/pec/provider-accounts.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { accreditProvider, unusedCardNumber } from './support/controle.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { referentialVersion } from './support/pec.ts';
import { as, type Person } from './support/people.ts';

// The provider's account with each IPM (providerAccounts) on the real server: the IPMs whose own
// referential has its code in force on the day, each with the version it was read in, and the checks,
// PEC requests and engagements the provider made there — made here through the API, and counted back.
// An IPM whose convention ended, or a day before the convention, has no line; another provider's
// requests to the same IPM are not in this one's account.

const keys = testDataKeys();
const PROVIDER = 'PS-32001';
const OTHER_PROVIDER = 'PS-32002';
const today = dakarDay(new Date());
const inDays = (n: number) => dayKey(dayNumber(today) + n);

let suite: ApiSuite;
let ps: Person;
let otherPs: Person;
let cardA = '';
let cardB = '';
let conventionA = '';
let conventionB = '';

beforeAll(async () => {
  suite = await createApiSuite({ dataKeys: keys, settingOverrides: { pecPlafondAccordAutomatique: 20_000 } });
  const prisma = suite.h.prisma;
  const db = prismaSql(prisma);
  const { ipmA, ipmB, provider } = suite.people.organisations;
  ps = suite.people.person.agentPs;
  await accreditProvider(prisma, provider, PROVIDER);
  otherPs = await otherProvider();
  await accreditProvider(prisma, otherPs.organisationId, OTHER_PROVIDER);
  const from = '2020-01-01';
  await referentialVersion(
    db,
    'actes',
    { from },
    { ECH001: { libelle: 'Échographie', chapitre: 'Test' }, IRM001: { libelle: 'IRM', chapitre: 'Test' } },
  );
  await referentialVersion(db, 'tarifs', { from }, { ECH001: { montant: 10_000 }, IRM001: { montant: 120_000 } });
  await referentialVersion(
    db,
    'ipm-panier-de-soins',
    { from },
    {
      ECH001: { taux: 80, entente_prealable: true, avis_medecin_conseil: false },
      IRM001: { taux: 70, entente_prealable: true, avis_medecin_conseil: false },
    },
    ipmA,
  );
  conventionA = await referentialVersion(
    db,
    'ipm-prestataires-conventionnes',
    { from },
    {
      [PROVIDER]: { numero_convention: 'CONV-A-2020-07', date_convention: '2019-12-15', tiers_payant: true },
      [OTHER_PROVIDER]: { tiers_payant: false },
    },
    ipmA,
  );
  // IPM B had the provider for a year only.
  conventionB = await referentialVersion(
    db,
    'ipm-prestataires-conventionnes',
    { from, to: '2021-01-01' },
    { [PROVIDER]: { tiers_payant: false } },
    ipmB,
  );
  const member = async (ipmId: string, nin: string) => {
    const employerId = await insertEmployer(db, ipmId);
    const p = await insertParticipant(db, keys, { ipmId, employerId, nin });
    await insertAffiliation(db, { participantId: p.id, ninIndex: p.ninIndex, ipmId, employerId, from });
    return (await db.query<{ cardNumber: string }>('SELECT "cardNumber" FROM "Participant" WHERE "id" = $1', [p.id]))
      .rows[0]?.cardNumber as string;
  };
  cardA = await member(ipmA, '1750101000011');
  cardB = await member(ipmB, '2800202000022');
}, 180_000);
afterAll(() => suite?.close());

async function otherProvider(): Promise<Person> {
  const prisma = suite.h.prisma;
  const id = `ps-${randomUUID().slice(0, 8)}`;
  await prisma.organisation.create({ data: { id, kind: 'PRESTATAIRE', name: 'Autre clinique' } });
  const user = await prisma.user.create({
    data: {
      email: `${id}@test.siamo.sn`,
      displayName: 'Autre',
      passwordHash: 'x',
      organisationId: id,
      roles: ['agent_ps'],
    },
  });
  const token = await createApiToken(prisma, { userId: user.id, label: 'logiciel' });
  return { key: 'agentPs', id: user.id, email: user.email, role: 'agent_ps', organisationId: id, token };
}

const check = async (card: string) => {
  const answer = await suite.api.gql(
    `query($card: String) { checkRights(cardNumber: $card) { __typename ... on RightsCheckAnswer { covered } } }`,
    { card },
    as(ps),
  );
  expect(answer.data.checkRights.__typename).toBe('RightsCheckAnswer');
};

const request = async (act: string, date: string, who: Person = ps) => {
  const answer = await suite.api.gql(
    `mutation($card: String!, $act: String!, $date: String!) {
      requestPec(cardNumber: $card, actCode: $act, plannedDate: $date) {
        __typename ... on PecRequest { caseId state coveredAmount } ... on Error { message } } }`,
    { card: cardA, act, date },
    as(who),
  );
  const result = answer.data.requestPec;
  expect(result.__typename, result.message).toBe('PecRequest');
  return result as { caseId: string; state: string; coveredAmount: number };
};

const ACCOUNTS = `date providerCode claimsNote accounts { ipmId ipmName conventionNumber conventionDate
  thirdPartyPayment conventionFrom conventionTo conventionVersion { id number title } checks checksCovered
  pecTotal pecByState { state label count } engagedAmount engagedCount }`;

const accounts = async (date: string | null, who: Person = ps) => {
  const answer = await suite.api.gql(
    `query($date: String) { providerAccounts(date: $date) { __typename
      ... on ProviderAccountsSuccess { data { ${ACCOUNTS} } } ... on Error { message } } }`,
    { date },
    as(who),
  );
  return answer.data.providerAccounts;
};

const byState = (account: { pecByState: { state: string; count: number }[] }) =>
  Object.fromEntries(account.pecByState.filter((s) => s.count > 0).map((s) => [s.state, s.count]));

describe('the provider’s account with each IPM', () => {
  it('one line per IPM conventioned today, with the convention’s version and what the provider did there', async () => {
    const { ipmA, ipmB } = suite.people.organisations;
    // Three checks of IPM A's member, one of IPM B's (no convention today), one of a card nobody holds.
    for (let i = 0; i < 3; i++) await check(cardA);
    await check(cardB);
    await check(unusedCardNumber(4242));
    // Two granted at once (80 % of 10 000), one to the IPM, one granted then cancelled.
    const granted = [await request('ECH001', inDays(5)), await request('ECH001', inDays(6))];
    expect(granted.map((g) => g.state)).toEqual(['accordee', 'accordee']);
    expect((await request('IRM001', inDays(7))).state).toBe('a_instruire');
    const cancelled = await request('ECH001', inDays(8));
    const answer = await suite.api.gql(
      `mutation($caseId: ID!) { cancelPec(caseId: $caseId, reason: "Rendez-vous annulé.") {
        __typename ... on PecRequest { state } } }`,
      { caseId: cancelled.caseId },
      as(ps),
    );
    expect(answer.data.cancelPec.state).toBe('annulee');
    // Another provider's request to the same IPM is its own account's.
    await request('ECH001', inDays(5), otherPs);

    const now = await accounts(null);
    expect(now.__typename).toBe('ProviderAccountsSuccess');
    expect(now.data.date).toBe(today);
    expect(now.data.providerCode).toBe(PROVIDER);
    expect(now.data.claimsNote).toBe(CLAIMS_NOTE);
    expect(now.data.claimsNote).toMatch(/avec les factures/);
    expect(now.data.accounts.map((a: { ipmId: string }) => a.ipmId)).toEqual([ipmA]);
    const [a] = now.data.accounts;
    expect(a).toMatchObject({
      ipmName: expect.any(String),
      conventionNumber: 'CONV-A-2020-07',
      conventionDate: '2019-12-15',
      thirdPartyPayment: true,
      conventionFrom: '2020-01-01',
      conventionTo: null,
      checks: 3,
      checksCovered: 3,
      pecTotal: 4,
      engagedCount: 2,
      engagedAmount: 2 * 8_000,
    });
    expect(a.conventionVersion.id).toBe(conventionA);
    expect(byState(a)).toEqual({ accordee: 2, a_instruire: 1, annulee: 1 });
    expect(a.pecByState.find((s: { state: string }) => s.state === 'accordee').label).toBe('Accordée');
    expect(a.ipmId).not.toBe(ipmB);

    // The other provider sees its own request only, and no IPM B.
    const other = (await accounts(null, otherPs)).data;
    expect(other.accounts.map((x: { ipmId: string; pecTotal: number }) => [x.ipmId, x.pecTotal])).toEqual([[ipmA, 1]]);
  });

  it('on a past day: the convention then in force (IPM B’s too); before any convention, no line', async () => {
    const { ipmA, ipmB } = suite.people.organisations;
    const then = (await accounts('2020-06-01')).data;
    expect(then.accounts.map((a: { ipmId: string }) => a.ipmId).sort()).toEqual([ipmA, ipmB].sort());
    const b = then.accounts.find((a: { ipmId: string }) => a.ipmId === ipmB);
    expect(b).toMatchObject({ conventionTo: '2021-01-01', thirdPartyPayment: false, checks: 0, pecTotal: 0 });
    expect(b.conventionVersion.id).toBe(conventionB);
    // Nothing had happened yet on that day.
    expect(then.accounts.find((a: { ipmId: string }) => a.ipmId === ipmA)).toMatchObject({ checks: 0, pecTotal: 0 });

    expect((await accounts('2019-06-01')).data.accounts).toEqual([]);
  });

  it('a date that is not one is refused in French; an IPM’s agent may not read a provider’s accounts', async () => {
    const wrong = await accounts('01/06/2020');
    expect(wrong.__typename).toBe('InvalidInputError');
    expect(wrong.message).toMatch(/^Date invalide : indiquez-la au format AAAA-MM-JJ/);
    expect((await accounts(null, suite.people.person.agentA)).__typename).toBe('ForbiddenError');
  });
});
