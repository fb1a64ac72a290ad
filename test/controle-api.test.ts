import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay, dayKey, dayNumber } from '../processes/calendar.ts';
import { BEARER_VIEWER_KEEP_MS } from '../services/auth/bearer-viewers.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { SYSTEMS } from '../services/controle/fhir.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { accreditProvider, carePackageVersion, providerAgent, unusedCardNumber } from './support/controle.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  insertSuspension,
  testDataKeys,
} from './support/enrolment.ts';
import { fhirSchemaErrors, prepareFhirSchema } from './support/fhir-schema.ts';
import { referentialVersion } from './support/pec.ts';
import { as, type Person } from './support/people.ts';

// The rights check on the real server, through its three interfaces: GraphQL, the one-line text
// endpoint and FHIR R4. Every boundary of the rule (`rightsAt`) the day before, of and after; every
// answer logged, seen by the provider that asked and the IPM of the member, nobody else; bad input
// answered in French and logged; the rate limit and the enumeration alert.

const keys = testDataKeys();
const ALERT_THRESHOLD = 8;
const PER_MINUTE = 120;
let suite: ApiSuite;
let db: ReturnType<typeof prismaSql>;
let ps: Person;

beforeAll(async () => {
  prepareFhirSchema(['CoverageEligibilityResponse', 'CoverageEligibilityRequest', 'OperationOutcome']);
  suite = await createApiSuite({
    dataKeys: keys,
    // Fixed dates of 2025–2027 stay within reach for years; the limits' own test is relative to today.
    settingOverrides: {
      controleJoursPasses: 3660,
      controleJoursFuturs: 730,
      controleAlerteBeneficiaires: ALERT_THRESHOLD,
      controleParMinute: PER_MINUTE,
    },
  });
  db = prismaSql(suite.h.prisma);
  ps = suite.people.person.agentPs;
  await accreditProvider(suite.h.prisma, suite.people.organisations.provider, 'PS-20001');
}, 180_000);
afterAll(() => suite?.close());

const otherProvider = (name: string) => providerAgent(suite.h.prisma, name);

const CHECK = `query($card: String, $nin: String, $date: String, $acts: [String!]) {
  checkRights(cardNumber: $card, nin: $nin, date: $date, acts: $acts) {
    __typename
    ... on RightsCheckAnswer { checkNumber covered outcome reason date line convention ipm { id name } acts { code known rate annualCeiling pecRequired } }
    ... on TooManyChecksError { message retryAfterSeconds }
    ... on Error { code message }
  }
}`;

interface Asked {
  card?: string;
  nin?: string;
  date?: string;
  acts?: string[];
}

const viaGraphql = async (q: Asked, who: Person = ps) =>
  (await suite.api.gql(CHECK, { ...q }, as(who))).data.checkRights;

const viaText = async (q: Asked, who: Person = ps) => {
  const form = new URLSearchParams();
  if (q.card) form.set('carte', q.card);
  if (q.nin) form.set('nin', q.nin);
  if (q.date) form.set('date', q.date);
  if (q.acts) form.set('actes', q.acts.join(','));
  const response = await fetch(`${suite.api.url}/controle/texte`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${who.token}` },
    body: form.toString(),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

const eligibilityRequest = (q: Asked) => ({
  resourceType: 'CoverageEligibilityRequest',
  status: 'active',
  purpose: ['validation'],
  created: '2026-12-02',
  insurer: { display: 'AMO' },
  patient: { identifier: q.nin ? { system: SYSTEMS.nin, value: q.nin } : { system: SYSTEMS.card, value: q.card } },
  ...(q.date ? { servicedDate: q.date } : {}),
  ...(q.acts
    ? { item: q.acts.map((code) => ({ productOrService: { coding: [{ system: SYSTEMS.acts, code }] } })) }
    : {}),
});

/** A FHIR answer's body, held to the R4 JSON schema whatever it says (a response, or an OperationOutcome). */
const fhirBody = async (response: Response) => {
  const body = await response.json();
  expect({ status: response.status, resourceType: body.resourceType, errors: fhirSchemaErrors(body) }).toEqual({
    status: response.status,
    resourceType: response.ok ? 'CoverageEligibilityResponse' : 'OperationOutcome',
    errors: [],
  });
  return body;
};

const viaFhir = async (body: unknown, who: Person = ps, raw?: string) => {
  const response = await fetch(`${suite.api.url}/fhir/CoverageEligibilityRequest`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${who.token}` },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await fhirBody(response) };
};

const countChecks = async () =>
  Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM "RightsCheck"')).rows[0]?.n);

const cardOf = async (table: 'Participant' | 'Dependant', id: string) =>
  (await db.query<{ cardNumber: string }>(`SELECT "cardNumber" FROM "${table}" WHERE "id" = $1`, [id])).rows[0]
    ?.cardNumber as string;

describe('the rights check on every boundary of the rule, through the three interfaces', () => {
  const cases: { label: string; card: () => string; date: string; covered: boolean; outcome: string }[] = [];
  const cards = new Map<string, string>();
  let ipmName = '';

  beforeAll(async () => {
    const ipmA = suite.people.organisations.ipmA;
    ipmName = (await suite.h.prisma.organisation.findUniqueOrThrow({ where: { id: ipmA } })).name;
    const employerId = await insertEmployer(db, ipmA);
    const otherEmployer = await insertEmployer(db, ipmA, 'Autre entreprise');
    // Affiliation from 2025-03-01, open; employer suspended [2026-02-01, 2026-03-01).
    const a = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin: '1750101000011' });
    await insertAffiliation(db, {
      participantId: a.id,
      ninIndex: a.ninIndex,
      ipmId: ipmA,
      employerId,
      from: '2025-03-01',
    });
    await insertSuspension(db, { employerId, from: '2026-02-01', to: '2026-03-01' });
    // Left on 2026-06-30 (first day without rights).
    const b = await insertParticipant(db, keys, { ipmId: ipmA, employerId: otherEmployer, nin: '2800202000022' });
    await insertAffiliation(db, {
      participantId: b.id,
      ninIndex: b.ninIndex,
      ipmId: ipmA,
      employerId: otherEmployer,
      from: '2024-01-01',
      to: '2026-06-30',
      endReason: 'depart',
    });
    // Own suspension from 2026-09-10; a child reaching 21 on 2026-05-10.
    await insertSuspension(db, { participantId: b.id, from: '2026-05-20', to: '2026-05-25', reason: 'fraude' });
    const child = await insertDependant(db, { participantId: b.id, rank: 1, kind: 'enfant', birthDate: '2005-05-10' });
    cards.set('a', await cardOf('Participant', a.id));
    cards.set('b', await cardOf('Participant', b.id));
    cards.set('child', await cardOf('Dependant', child));
  });

  const add = (label: string, who: string, date: string, covered: boolean, outcome: string) =>
    cases.push({ label, card: () => cards.get(who) as string, date, covered, outcome });
  add('la veille de l’affiliation', 'a', '2025-02-28', false, 'non_affilie');
  add('le jour de l’affiliation', 'a', '2025-03-01', true, 'couvert');
  add('le lendemain de l’affiliation', 'a', '2025-03-02', true, 'couvert');
  add('la veille de la suspension de l’employeur', 'a', '2026-01-31', true, 'couvert');
  add('le jour de la suspension', 'a', '2026-02-01', false, 'employeur_suspendu');
  add('le lendemain de la suspension', 'a', '2026-02-02', false, 'employeur_suspendu');
  add('le dernier jour de la suspension', 'a', '2026-02-28', false, 'employeur_suspendu');
  add('le jour de sa levée', 'a', '2026-03-01', true, 'couvert');
  add('la veille de la suspension du participant', 'b', '2026-05-19', true, 'couvert');
  add('le jour de la suspension du participant', 'b', '2026-05-20', false, 'participant_suspendu');
  add('le jour de sa levée (participant)', 'b', '2026-05-25', true, 'couvert');
  add('la veille du départ', 'b', '2026-06-29', true, 'couvert');
  add('le jour du départ', 'b', '2026-06-30', false, 'depart');
  add('le lendemain du départ', 'b', '2026-07-01', false, 'depart');
  add('la veille des 21 ans', 'child', '2026-05-09', true, 'couvert');
  add('le jour des 21 ans', 'child', '2026-05-10', false, 'limite_age');
  add('le lendemain des 21 ans', 'child', '2026-05-11', false, 'limite_age');

  it('GraphQL: covered or not, why, the IPM and a check number, each logged', async () => {
    for (const c of cases) {
      const before = await countChecks();
      const answer = await viaGraphql({ card: c.card(), date: c.date });
      expect({ label: c.label, covered: answer.covered, outcome: answer.outcome }).toEqual({
        label: c.label,
        covered: c.covered,
        outcome: c.outcome,
      });
      expect(answer.checkNumber).toMatch(/^CD-\d{9}$/);
      expect(answer.ipm?.name).toBe(ipmName);
      expect(answer.reason).toMatch(c.covered ? /^Couvert le / : /^Non couvert le /);
      expect(await countChecks()).toBe(before + 1);
      const logged = await suite.h.prisma.rightsCheck.findUniqueOrThrow({
        where: { id: BigInt(answer.checkNumber.slice(3)) },
      });
      expect(logged).toMatchObject({
        channel: 'graphql',
        outcome: c.outcome,
        covered: c.covered,
        answer: answer.reason,
      });
      expect(logged.careDate?.toISOString().slice(0, 10)).toBe(c.date);
    }
  });

  it('plain text: one French line, the check number at its end', async () => {
    for (const c of cases) {
      const { status, type, text } = await viaText({ card: c.card(), date: c.date });
      expect(status).toBe(200);
      expect(type).toBe('text/plain; charset=utf-8');
      expect(text.trimEnd().split('\n')).toHaveLength(1);
      expect({ label: c.label, start: text.split(' - ')[0] }).toEqual({
        label: c.label,
        start: c.covered ? 'COUVERT' : 'NON COUVERT',
      });
      expect(text).toMatch(/Contrôle CD-\d{9}\.\n$/);
    }
    const suspended = await viaText({ card: cards.get('a'), date: '2026-02-01' });
    expect(suspended.text).toContain(
      'droits suspendus depuis le 1er février 2026, l’employeur étant en défaut (cotisations impayées)',
    );
  });

  it('FHIR R4: a CoverageEligibilityResponse whose insurance is in force or not', async () => {
    for (const c of cases) {
      const { status, type, body } = await viaFhir(eligibilityRequest({ card: c.card(), date: c.date }));
      expect(status).toBe(200);
      expect(type).toBe('application/fhir+json; charset=utf-8');
      expect({ label: c.label, inforce: body.insurance?.[0]?.inforce }).toEqual({ label: c.label, inforce: c.covered });
      expect(body).toMatchObject({
        resourceType: 'CoverageEligibilityResponse',
        status: 'active',
        outcome: 'complete',
        servicedDate: c.date,
        insurer: { display: ipmName },
      });
      expect(body.identifier[0]).toMatchObject({ system: SYSTEMS.check, value: expect.stringMatching(/^CD-\d{9}$/) });
    }
  });

  it('FHIR R4: what the request carries beyond what Siamo reads stays out of the answer, which stays valid', async () => {
    const request = {
      ...eligibilityRequest({ card: cards.get('a'), date: '2026-03-01', acts: ['CON001'] }),
      identifier: [{ system: 'https://logiciel.example/demandes', value: 'D-1', assigner: 'pas une référence' }],
      patient: { identifier: { system: SYSTEMS.card, value: cards.get('a'), commentaire: 'hors schéma' }, display: 7 },
      purpose: ['validation', 'benefits'],
    };
    // The request itself is not valid R4 (its validator compiled before the server is asked again).
    expect(fhirSchemaErrors(request)).not.toEqual([]);
    const { status, body } = await viaFhir(request);
    expect(status).toBe(200);
    expect(body.patient).toEqual({ identifier: { system: SYSTEMS.card, value: cards.get('a') } });
    expect(body.request).toEqual({ identifier: { system: 'https://logiciel.example/demandes', value: 'D-1' } });
    expect(body.purpose).toEqual(['validation', 'benefits']);
    // And the schema does catch what R4 forbids in an answer.
    expect(fhirSchemaErrors({ ...body, insurance: [{ inforce: 'oui' }] })).not.toEqual([]);
    expect(fhirSchemaErrors({ ...body, verdict: 'couvert' })).not.toEqual([]);
    expect(fhirSchemaErrors({ ...body, outcome: 'couvert' })).not.toEqual([]);
  });

  it('finds a participant by NIN through its blind index, never storing the NIN', async () => {
    const answer = await viaGraphql({ nin: '1 750 101 000 011', date: '2026-03-01' });
    expect(answer).toMatchObject({ covered: true, outcome: 'couvert' });
    const logged = await suite.h.prisma.rightsCheck.findUniqueOrThrow({
      where: { id: BigInt(answer.checkNumber.slice(3)) },
    });
    expect(logged.lookup).toBe('nin');
    expect(JSON.stringify({ ...logged, id: String(logged.id) })).not.toContain('1750101000011');
    const fhir = await viaFhir(eligibilityRequest({ nin: '2800202000022', date: '2026-07-01' }));
    expect(fhir.body.insurance[0].inforce).toBe(false);
    expect(fhir.body.disposition).toContain('départ de l’entreprise le 30 juin 2026');
  });

  it('answers the intended acts from the IPM’s care package in force on the day of care, and logs the version', async () => {
    const ipmA = suite.people.organisations.ipmA;
    const before = { code: 'CON001', known: false, rate: null, annualCeiling: null, pecRequired: null };
    expect((await viaGraphql({ card: cards.get('a'), date: '2026-03-01', acts: ['CON001'] })).acts).toEqual([before]);

    const january = await carePackageVersion(
      suite.h.prisma,
      ipmA,
      { from: '2026-01-01', to: '2026-06-01' },
      { CON001: { taux: 80, plafond_annuel: 500_000, entente_prealable: false } },
    );
    await carePackageVersion(
      suite.h.prisma,
      ipmA,
      { from: '2026-06-01' },
      { CON001: { taux: 70, entente_prealable: true } },
    );
    const march = await viaGraphql({ card: cards.get('a'), date: '2026-03-01', acts: ['CON001', 'CHI001'] });
    expect(march.acts).toEqual([
      { code: 'CON001', known: true, rate: 80, annualCeiling: 500_000, pecRequired: false },
      { code: 'CHI001', known: false, rate: null, annualCeiling: null, pecRequired: null },
    ]);
    const logged = await db.query<{ rights: { acts: unknown } }>('SELECT "rights" FROM "RightsCheck" WHERE "id" = $1', [
      march.checkNumber.replace(/^CD-0*/, ''),
    ]);
    expect(logged.rows[0]?.rights.acts).toEqual([
      { code: 'CON001', versionId: january, known: true },
      { code: 'CHI001', versionId: null, known: false },
    ]);
    // The day the next version comes into force, its rate and its prior authorisation.
    const june = await viaGraphql({ card: cards.get('a'), date: '2026-06-01', acts: ['CON001'] });
    expect(june.acts).toEqual([{ code: 'CON001', known: true, rate: 70, annualCeiling: null, pecRequired: true }]);
    const mayEnd = await viaGraphql({ card: cards.get('a'), date: '2026-05-31', acts: ['CON001'] });
    expect(mayEnd.acts[0]).toMatchObject({ rate: 80, pecRequired: false });
  });

  it('tells a provider not conventioned with the member’s IPM on the day of care that the member pays, and logs the list read', async () => {
    const ipmA = suite.people.organisations.ipmA;
    const ask = async (date: string) => {
      const answer = await viaGraphql({ card: cards.get('a'), date });
      expect({ date, covered: answer.covered }).toEqual({ date, covered: true });
      const text = await viaText({ card: cards.get('a'), date });
      expect(text.text.startsWith(`COUVERT - ${answer.reason}`)).toBe(true);
      const logged = await db.query<{ rights: { convention: unknown } }>(
        'SELECT "rights" FROM "RightsCheck" WHERE "id" = $1',
        [answer.checkNumber.replace(/^CD-0*/, '')],
      );
      return { ...answer, logged: logged.rows[0]?.rights.convention };
    };
    // The IPM keeps no list in force on that day: nothing is said of a convention.
    const unknown = await ask('2027-01-15');
    expect(unknown).toMatchObject({ convention: 'unknown', logged: { status: 'unknown', versionId: null } });
    expect(unknown.reason).not.toMatch(/convention/);
    // From 2027-02-01 a list without this provider; from 2027-03-01 one with it, with third-party payment.
    const without = await referentialVersion(
      db,
      'ipm-prestataires-conventionnes',
      { from: '2027-02-01', to: '2027-03-01' },
      { 'PS-29999': { tiers_payant: true } },
      ipmA,
    );
    const withIt = await referentialVersion(
      db,
      'ipm-prestataires-conventionnes',
      { from: '2027-03-01' },
      { 'PS-20001': { tiers_payant: true, numero_convention: 'CONV-2027-01' } },
      ipmA,
    );
    const absent = await ask('2027-02-28');
    expect(absent).toMatchObject({ convention: 'absent', logged: { status: 'absent', versionId: without } });
    expect(absent.reason).toContain(
      'Votre établissement n’est pas conventionné avec cette IPM au 28 février 2027 : pas de tiers payant, le patient règle les soins et se fait rembourser par son IPM.',
    );
    const fhir = await viaFhir(eligibilityRequest({ card: cards.get('a'), date: '2027-02-28' }));
    expect(fhir.body.disposition).toContain('n’est pas conventionné avec cette IPM');
    const conventioned = await ask('2027-03-01');
    expect(conventioned).toMatchObject({
      convention: 'tiers_payant',
      logged: { status: 'tiers_payant', versionId: withIt },
    });
    expect(conventioned.reason).not.toMatch(/convention/);
  });
});

describe('bad input: a clear French answer, logged, naming nobody', () => {
  const expectRefusal = async (q: Asked, outcome: string, reason: string | RegExp, who: Person = ps) => {
    const before = await countChecks();
    const answer = await viaGraphql(q, who);
    expect(answer).toMatchObject({ __typename: 'RightsCheckAnswer', covered: false, outcome, ipm: null });
    if (typeof reason === 'string') expect(answer.reason).toBe(reason);
    else expect(answer.reason).toMatch(reason);
    expect(await countChecks()).toBe(before + 1);
    const text = await viaText(q, who);
    expect(text.text.startsWith(`NON COUVERT - ${answer.reason}`)).toBe(true);
    const fhir = await viaFhir(eligibilityRequest(q), who);
    expect(fhir.body).toMatchObject({ outcome: 'error', error: [{ code: { coding: [{ code: outcome }] } }] });
    expect(await countChecks()).toBe(before + 3);
    return answer;
  };

  it('a mistyped card, a card of nobody, no identifier', async () => {
    await expectRefusal(
      { card: '1000 0000 0017', date: '2026-03-01' },
      'carte_invalide',
      'Le numéro de carte d’assuré est erroné (chiffre de contrôle) : un chiffre a sans doute été mal recopié.',
    );
    await expectRefusal(
      { card: '12345', date: '2026-03-01' },
      'carte_invalide',
      /compte 12 chiffres ; celui-ci en compte 5/,
    );
    await expectRefusal(
      { card: unusedCardNumber(1), date: '2026-03-01' },
      'inconnu',
      'Aucun assuré ne porte ce numéro de carte : vérifiez-le sur la carte, ou demandez le NIN.',
    );
    await expectRefusal({ nin: '12', date: '2026-03-01' }, 'nin_invalide', /13 à 17 chiffres/);
    const none = await viaGraphql({ date: '2026-03-01' });
    expect(none).toMatchObject({ outcome: 'identifiant_absent', covered: false });
  });

  it('a date that does not exist, or far in the past or the future', async () => {
    const today = dakarDay(new Date());
    await expectRefusal({ card: unusedCardNumber(2), date: '2026-02-30' }, 'date_invalide', /AAAA-MM-JJ/);
    await expectRefusal(
      { card: unusedCardNumber(2), date: dayKey(dayNumber(today) - 3661) },
      'date_hors_limites',
      /^Date de soins hors limites : le contrôle porte sur une date entre le /,
    );
    await expectRefusal(
      { card: unusedCardNumber(2), date: dayKey(dayNumber(today) + 731) },
      'date_hors_limites',
      /^Date de soins hors limites/,
    );
  });

  it('a provider not accredited on the day of care, or not in the referential at all', async () => {
    const lapsed = await otherProvider('radiee');
    await accreditProvider(suite.h.prisma, lapsed.organisationId, 'PS-20002', { from: '2020-01-01', to: '2026-01-01' });
    await expectRefusal(
      { card: unusedCardNumber(3), date: '2026-03-01' },
      'prestataire_non_agree',
      'Votre établissement (PS-20002) n’est pas agréé au 1er mars 2026 dans le référentiel des prestataires : aucun contrôle de droits possible. Contactez ICAMO.',
      lapsed,
    );
    const unknown = await otherProvider('inconnue');
    await expectRefusal(
      { card: unusedCardNumber(3), date: '2026-03-01' },
      'prestataire_non_agree',
      /n’est rattaché à aucun prestataire agréé/,
      unknown,
    );
  });

  it('FHIR: what is not a CoverageEligibilityRequest gets an OperationOutcome, and no check', async () => {
    const before = await countChecks();
    const wrong = await viaFhir({ resourceType: 'Patient' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.resourceType).toBe('OperationOutcome');
    expect(wrong.body.issue.map((i: { expression?: string[] }) => i.expression?.[0])).toEqual(
      expect.arrayContaining(['resourceType', 'CoverageEligibilityRequest.patient.identifier']),
    );
    const noSystem = await viaFhir({ ...eligibilityRequest({ card: '1' }), patient: { identifier: { value: 'x' } } });
    expect(noSystem.body.issue[0].diagnostics).toMatch(/^Système d’identifiant inconnu/);
    const notJson = await viaFhir(null, ps, '{');
    expect(notJson.status).toBe(400);
    expect(notJson.body.issue[0]).toMatchObject({ severity: 'error', code: 'invalid' });
    const signedOut = await fetch(`${suite.api.url}/fhir/CoverageEligibilityRequest`, { method: 'POST', body: '{}' });
    expect(signedOut.status).toBe(401);
    expect((await fhirBody(signedOut)).issue[0].code).toBe('login');
    const read = await fetch(`${suite.api.url}/fhir/CoverageEligibilityRequest`, {
      headers: { authorization: `Bearer ${ps.token}` },
    });
    expect(read.status).toBe(405);
    expect((await fhirBody(read)).issue[0].code).toBe('not-supported');

    const ipmAgent = await viaFhir(eligibilityRequest({ card: unusedCardNumber(4) }), suite.people.person.agentA);
    expect(ipmAgent.status).toBe(403);
    expect(ipmAgent.body.issue[0].code).toBe('forbidden');
    expect(await countChecks()).toBe(before);
  });
});

describe('the provider software’s token', () => {
  it('is kept a few seconds: a revoked one is refused within them, a new one works at once', async () => {
    const software = await otherProvider('logiciel');
    await accreditProvider(suite.h.prisma, software.organisationId, 'PS-20005');
    expect((await viaText({ card: unusedCardNumber(500) }, software)).status).toBe(200);
    await suite.h.prisma.apiToken.updateMany({ where: { userId: software.id }, data: { revokedAt: new Date() } });
    const revokedAt = Date.now();
    let refused = false;
    while (!refused && Date.now() - revokedAt < BEARER_VIEWER_KEEP_MS + 3_000) {
      refused = (await viaText({ card: unusedCardNumber(500) }, software)).status === 401;
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(refused).toBe(true);
    expect(Date.now() - revokedAt).toBeLessThan(BEARER_VIEWER_KEEP_MS + 3_000);
    const token = await createApiToken(suite.h.prisma, { userId: software.id, label: 'nouveau jeton' });
    expect((await viaText({ card: unusedCardNumber(500) }, { ...software, token })).status).toBe(200);
  });
});

describe('the log of checks', () => {
  const PAGE = `query($after: String) { rightsChecks(first: 5, after: $after) {
    __typename ... on RightsCheckPage { hasNextPage endCursor entries { checkNumber providerOrganisationId ipmId outcome answer } }
    ... on Error { code message } } }`;

  it('the provider sees its own checks a page at a time, newest first; the IPM its members’; nobody else', async () => {
    const own = await suite.api.gql(PAGE, {}, as(ps));
    const first = own.data.rightsChecks;
    expect(first.entries).toHaveLength(5);
    expect(first.hasNextPage).toBe(true);
    expect(new Set(first.entries.map((e: { providerOrganisationId: string }) => e.providerOrganisationId))).toEqual(
      new Set([ps.organisationId]),
    );
    const numbers = first.entries.map((e: { checkNumber: string }) => e.checkNumber);
    expect([...numbers].sort().reverse()).toEqual(numbers);
    const second = (await suite.api.gql(PAGE, { after: first.endCursor }, as(ps))).data.rightsChecks;
    expect(second.entries[0].checkNumber < numbers.at(-1)).toBe(true);

    const ipmA = suite.people.organisations.ipmA;
    const ipm = (await suite.api.gql(PAGE, {}, as(suite.people.person.gerantA))).data.rightsChecks;
    expect(ipm.entries.length).toBeGreaterThan(0);
    expect(new Set(ipm.entries.map((e: { ipmId: string }) => e.ipmId))).toEqual(new Set([ipmA]));
    expect((await suite.api.gql(PAGE, {}, as(suite.people.person.agentB))).data.rightsChecks.entries).toEqual([]);
    const stranger = await otherProvider('voisine');
    expect((await suite.api.gql(PAGE, {}, as(stranger))).data.rightsChecks.entries).toEqual([]);
    for (const refused of [suite.people.person.analyste, suite.people.person.employeur])
      expect((await suite.api.gql(PAGE, {}, as(refused))).data.rightsChecks.__typename).toBe('ForbiddenError');
  });

  it('refuses any change or deletion of a check, in the database itself', async () => {
    const [row] = await suite.h.prisma.rightsCheck.findMany({ take: 1 });
    const before = JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    await expect(db.query(`UPDATE "RightsCheck" SET "covered" = true WHERE "id" = $1`, [row?.id])).rejects.toThrow(
      /ne s'écrit qu'en ajout/,
    );
    await expect(db.query(`DELETE FROM "RightsCheck" WHERE "id" = $1`, [row?.id])).rejects.toThrow(
      /ne s'écrit qu'en ajout/,
    );
    await expect(db.query('TRUNCATE "RightsCheck"')).rejects.toThrow(/ne s'écrit qu'en ajout/);
    const after = await suite.h.prisma.rightsCheck.findUniqueOrThrow({ where: { id: row?.id } });
    expect(JSON.stringify(after, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(before);
  });
});

describe('rate limit and enumeration', () => {
  it('refuses past the limit per minute with a clear French message, the other providers unaffected', async () => {
    const busy = await otherProvider('pressee');
    await accreditProvider(suite.h.prisma, busy.organisationId, 'PS-20003');
    // Checks at the limit, all of one member (no enumeration), until refused.
    let refused: { retryAfterSeconds: number; message: string } | undefined;
    let answered = 0;
    const before = await countChecks();
    // The minute of the clock may turn during the loop: the count then starts again, and the limit is
    // reached within a second minute's worth of checks.
    for (let i = 0; i < 2 * (PER_MINUTE + 1) && !refused; i++) {
      const answer = await viaGraphql({ card: unusedCardNumber(100), date: '2026-03-01' }, busy);
      if (answer.__typename === 'TooManyChecksError') refused = answer;
      else answered += 1;
    }
    expect(refused).toBeDefined();
    expect(answered).toBeGreaterThanOrEqual(PER_MINUTE);
    expect(refused?.message).toMatch(
      /^Trop de contrôles de droits en une minute pour votre établissement : réessayez dans \d+ s\./,
    );
    expect(await countChecks()).toBe(before + answered);
    const text = await viaText({ card: unusedCardNumber(100) }, busy);
    expect(text.status).toBe(429);
    expect(text.text).toMatch(/^ERREUR - Trop de contrôles de droits/);
    const fhir = await viaFhir(eligibilityRequest({ card: unusedCardNumber(100) }), busy);
    expect(fhir.status).toBe(429);
    expect(fhir.body.issue[0]).toMatchObject({
      code: 'throttled',
      diagnostics: expect.stringMatching(/^Trop de contrôles de droits/),
    });
    expect(fhir.type).toBe('application/fhir+json; charset=utf-8');
    expect((await viaGraphql({ card: unusedCardNumber(100), date: '2026-03-01' })).__typename).toBe(
      'RightsCheckAnswer',
    );
  });

  it('many unrelated members checked by one provider raise one alert, seen by ICAMO and the IPM concerned', async () => {
    const prober = await otherProvider('curieuse');
    await accreditProvider(suite.h.prisma, prober.organisationId, 'PS-20004');
    const ipmA = suite.people.organisations.ipmA;
    const employerId = await insertEmployer(db, ipmA);
    const member = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin: '1770707000077' });
    const alertsOf = async (who: Person) => {
      const answer = await suite.api.gql(
        '{ rightsCheckAlerts { __typename ... on RightsCheckAlertsSuccess { data { providerOrganisationId subjects message } } } }',
        {},
        as(who),
      );
      return (answer.data.rightsCheckAlerts.data ?? []).filter(
        (a: { providerOrganisationId: string }) => a.providerOrganisationId === prober.organisationId,
      );
    };
    await viaGraphql({ card: await cardOf('Participant', member.id), date: '2026-03-01' }, prober);
    for (let i = 0; i < ALERT_THRESHOLD - 2; i++)
      await viaGraphql({ card: unusedCardNumber(200 + i), date: '2026-03-01' }, prober);
    expect(await alertsOf(suite.people.person.analyste)).toEqual([]);
    // The same card again is not a new member; a new one crosses the threshold, and the next ones alert no more.
    await viaGraphql({ card: unusedCardNumber(200), date: '2026-03-01' }, prober);
    expect(await alertsOf(suite.people.person.analyste)).toEqual([]);
    for (let i = 0; i < 3; i++) await viaGraphql({ card: unusedCardNumber(300 + i), date: '2026-03-01' }, prober);
    const seen = await alertsOf(suite.people.person.analyste);
    expect(seen).toHaveLength(1);
    expect(seen[0].subjects).toBe(ALERT_THRESHOLD);
    expect(seen[0].message).toMatch(
      /^Contrôles en série : le prestataire Clinique PS-20004 \(test\) a contrôlé les droits de 8 assurés/,
    );
    expect(await alertsOf(suite.people.person.gerantA)).toHaveLength(1);
    expect(await alertsOf(suite.people.person.gerantB)).toEqual([]);
    expect(
      (await suite.api.gql('{ rightsCheckAlerts { __typename } }', {}, as(prober))).data.rightsCheckAlerts.__typename,
    ).toBe('ForbiddenError');
  });
});
