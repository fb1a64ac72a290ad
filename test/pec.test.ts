import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay, dayKey, dayNumber } from '../processes/calendar.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { accreditProvider } from './support/controle.ts';
import { docxText } from './support/docx-text.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { createMailLab, type MailLab, PUBLIC_URL, recipientOf } from './support/mail.ts';
import { referentialVersion } from './support/pec.ts';
import { as, type Person } from './support/people.ts';

// Prior authorisations (PEC) on the real server, through the API: granted at once under the ceiling,
// granted or refused by the IPM's agent, the medical adviser's opinion when the package asks for it,
// expiry at the end of the validity window (a durable timer), cancellation; and bad input refused in
// French with nothing written. The referentials are versions in force written into their tables.

const keys = testDataKeys();
const CEILING = 20_000;
const PROVIDER = 'PS-31001';
const OTHER_PROVIDER = 'PS-31002';
// Acts of the nomenclature, with the national tariff, the IPM's rate and what its package asks.
const ACTS = {
  // Cheap: covered under the ceiling, granted at once.
  ECH001: { tarif: 10_000, taux: 80, avis: false, pec: true },
  // Dear: over the ceiling, to the IPM's agent.
  IRM001: { tarif: 120_000, taux: 70, avis: false, pec: true },
  // The package asks for the medical adviser's opinion.
  CHI001: { tarif: 15_000, taux: 90, avis: true, pec: true },
  // Covered, but needs no PEC.
  CON001: { tarif: 5_000, taux: 80, avis: false, pec: false },
  // In the nomenclature, not in the IPM's package.
  DEN001: { tarif: 8_000, taux: 0, avis: false, pec: true },
} as const;
const AGREED_IRM = 100_000;

let suite: ApiSuite;
let lab: MailLab;
let ps: Person;
let otherPs: Person;
let card = '';
let departedCard = '';
let packageVersion = '';
const today = dakarDay(new Date());
const inDays = (n: number) => dayKey(dayNumber(today) + n);

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({
    dataKeys: keys,
    // The IPM's messages go out through a real SMTP catcher; a request left undecided is reminded soon.
    dependencies: { mail: lab.settings },
    durationOverrides: { 'pec.instruction': 'PT4S' },
    // The window runs from the end of the planned day (or the grant, if later): a PEC for a later day
    // stays valid through the suite, one for a past day expires seconds after its grant.
    settingOverrides: { pecPlafondAccordAutomatique: CEILING, pecDureeValidite: 'PT4S' },
  });
  const prisma = suite.h.prisma;
  const db = prismaSql(prisma);
  ps = suite.people.person.agentPs;
  const ipmA = suite.people.organisations.ipmA;
  await accreditProvider(prisma, suite.people.organisations.provider, PROVIDER);
  otherPs = await otherProvider('Clinique sans convention');
  await accreditProvider(prisma, otherPs.organisationId, OTHER_PROVIDER);
  const from = '2020-01-01';
  await referentialVersion(
    db,
    'actes',
    { from },
    Object.fromEntries(Object.keys(ACTS).map((code) => [code, { libelle: `Acte ${code}`, chapitre: 'Test' }])),
  );
  await referentialVersion(
    db,
    'tarifs',
    { from },
    Object.fromEntries(Object.entries(ACTS).map(([code, a]) => [code, { montant: a.tarif }])),
  );
  packageVersion = await referentialVersion(
    db,
    'ipm-panier-de-soins',
    { from },
    Object.fromEntries(
      Object.entries(ACTS)
        .filter(([code]) => code !== 'DEN001')
        .map(([code, a]) => [code, { taux: a.taux, entente_prealable: a.pec, avis_medecin_conseil: a.avis }]),
    ),
    ipmA,
  );
  await referentialVersion(
    db,
    'ipm-prestataires-conventionnes',
    { from },
    { [PROVIDER]: { tiers_payant: true } },
    ipmA,
  );
  await referentialVersion(
    db,
    'ipm-tarifs-convenus',
    { from },
    { [`${PROVIDER}-IRM001`]: { prestataire: PROVIDER, acte: 'IRM001', montant: AGREED_IRM } },
    ipmA,
  );
  const employerId = await insertEmployer(db, ipmA);
  const member = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin: '1750101000011' });
  await insertAffiliation(db, { participantId: member.id, ninIndex: member.ninIndex, ipmId: ipmA, employerId, from });
  const departed = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin: '2800202000022' });
  await insertAffiliation(db, {
    participantId: departed.id,
    ninIndex: departed.ninIndex,
    ipmId: ipmA,
    employerId,
    from,
    to: inDays(-5),
    endReason: 'depart',
  });
  const cardOf = async (id: string) =>
    (await db.query<{ cardNumber: string }>('SELECT "cardNumber" FROM "Participant" WHERE "id" = $1', [id])).rows[0]
      ?.cardNumber as string;
  card = await cardOf(member.id);
  departedCard = await cardOf(departed.id);
}, 180_000);
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

async function otherProvider(name: string): Promise<Person> {
  const prisma = suite.h.prisma;
  const id = `ps-${randomUUID().slice(0, 8)}`;
  await prisma.organisation.create({ data: { id, kind: 'PRESTATAIRE', name } });
  const user = await prisma.user.create({
    data: {
      email: `${id}@test.siamo.sn`,
      displayName: name,
      passwordHash: 'x',
      organisationId: id,
      roles: ['agent_ps'],
    },
  });
  const token = await createApiToken(prisma, { userId: user.id, label: 'logiciel' });
  return { key: 'agentPs', id: user.id, email: user.email, role: 'agent_ps', organisationId: id, token };
}

const FIELDS = `caseId state revision number validFrom validTo tariff tariffSource rate coveredAmount
  medicalOpinionRequired medicalOpinion refusalReason cancellationReason plannedDate actCode ipmId
  letters { documentId kind number name }`;
const RESULT = `__typename ... on PecRequest { ${FIELDS} } ... on Error { code message }
  ... on InvalidInputError { fields { field message } }`;

const request = async (q: { card?: string; act: string; date: string; requestId?: string }, who: Person = ps) =>
  (
    await suite.api
      .gql(
        `mutation($card: String!, $act: String!, $date: String!, $requestId: String) {
        requestPec(cardNumber: $card, actCode: $act, plannedDate: $date, requestId: $requestId) { ${RESULT} } }`,
        { card: q.card ?? card, act: q.act, date: q.date, requestId: q.requestId },
        as(who),
      )
      .then((a) => {
        if (!a.data?.requestPec) console.log(JSON.stringify(a.errors));
        return a;
      })
  ).data.requestPec;

const decide = async (caseId: string, decision: string, reason: string | null, who: Person) =>
  (
    await suite.api.gql(
      `mutation($caseId: ID!, $decision: String!, $reason: String) {
        decidePec(caseId: $caseId, decision: $decision, reason: $reason) { ${RESULT} } }`,
      { caseId, decision, reason },
      as(who),
    )
  ).data.decidePec;

const cancel = async (caseId: string, reason: string, who: Person = ps) =>
  (
    await suite.api.gql(
      `mutation($caseId: ID!, $reason: String!) { cancelPec(caseId: $caseId, reason: $reason) { ${RESULT} } }`,
      { caseId, reason },
      as(who),
    )
  ).data.cancelPec;

const listed = async (who: Person) =>
  (await suite.api.gql(`{ pecRequests { __typename ... on PecRequestsSuccess { data { ${FIELDS} } } } }`, {}, as(who)))
    .data.pecRequests.data as { caseId: string; state: string }[];

const written = async () => {
  const prisma = suite.h.prisma;
  return {
    requests: await prisma.pecRequest.count(),
    cases: await prisma.case.count({ where: { processId: 'pec' } }),
    documents: await prisma.document.count(),
  };
};

const letterText = async (documentId: string, who: Person = ps) => {
  const response = await fetch(`${suite.api.url}/documents/${documentId}`, {
    headers: { authorization: `Bearer ${who.token}` },
  });
  expect(response.status).toBe(200);
  return (await docxText(Buffer.from(await response.arrayBuffer()))).body;
};

describe('a PEC granted at once, under the ceiling', () => {
  it('gets a number, a window, the amount covered, a letter; the next one the next number', async () => {
    const date = inDays(10);
    const first = await request({ act: 'ECH001', date });
    expect(first.__typename).toBe('PecRequest');
    expect(first.state).toBe('accordee');
    expect(first.tariff).toBe(ACTS.ECH001.tarif);
    expect(first.tariffSource).toBe('tarifs');
    expect(first.rate).toBe(ACTS.ECH001.taux);
    expect(first.coveredAmount).toBe((ACTS.ECH001.tarif * ACTS.ECH001.taux) / 100);
    expect(first.validFrom).toBe(date);
    expect(first.ipmId).toBe(suite.people.organisations.ipmA);
    const year = today.slice(0, 4);
    expect(first.number).toMatch(new RegExp(`^PEC-[A-Z0-9]{1,12}-${year}-\\d{5}$`));
    expect(first.letters).toHaveLength(1);
    expect(first.letters[0].kind).toBe('lettre_pec_accord');
    const body = await letterText(first.letters[0].documentId);
    expect(body).toContain(first.number);
    expect(body).toContain('ECH001');
    expect(body).toMatch(/8\s000 FCFA/);

    const second = await request({ act: 'ECH001', date: inDays(11) });
    expect(second.state).toBe('accordee');
    const seq = (n: string) => Number(n.split('-').at(-1));
    expect(seq(second.number)).toBe(seq(first.number) + 1);
    expect(second.number.replace(/\d{5}$/, '')).toBe(first.number.replace(/\d{5}$/, ''));

    // Recorded with the versions read; the case holds ids and figures only, never the act or the card.
    const row = await suite.h.prisma.pecRequest.findUniqueOrThrow({ where: { caseId: first.caseId } });
    expect((row.checks as { versions: { panierDeSoins: string } }).versions.panierDeSoins).toBe(packageVersion);
    const kase = await suite.h.prisma.case.findUniqueOrThrow({ where: { id: first.caseId } });
    expect(JSON.stringify(kase.context)).not.toContain('ECH001');
    expect(JSON.stringify(kase.context)).not.toContain(card);
    expect(kase.organisationId).toBe(suite.people.organisations.provider);
  });

  it('the same request id twice is one request', async () => {
    const requestId = `pec-${randomUUID()}`;
    const before = await written();
    const a = await request({ act: 'ECH001', date: inDays(12), requestId });
    const b = await request({ act: 'ECH001', date: inDays(12), requestId });
    expect(b.caseId).toBe(a.caseId);
    expect(b.number).toBe(a.number);
    expect((await written()).requests).toBe(before.requests + 1);
  });
});

describe('a PEC over the ceiling, decided by the IPM', () => {
  it('the agreed tariff is used; the IPM’s agent grants it; another IPM sees nothing of it', async () => {
    const asked = await request({ act: 'IRM001', date: inDays(20) });
    expect(asked.state).toBe('a_instruire');
    expect(asked.tariff).toBe(AGREED_IRM);
    expect(asked.tariffSource).toBe('ipm-tarifs-convenus');
    expect(asked.coveredAmount).toBe((AGREED_IRM * ACTS.IRM001.taux) / 100);
    expect(asked.number).toBeNull();
    expect(asked.letters).toEqual([]);

    const agentA = suite.people.person.agentA;
    expect((await listed(agentA)).map((r) => r.caseId)).toContain(asked.caseId);
    const agentB = suite.people.person.agentB;
    expect((await listed(agentB)).map((r) => r.caseId)).not.toContain(asked.caseId);
    expect(await decide(asked.caseId, 'accorder', null, agentB)).toMatchObject({ __typename: 'NotFoundError' });
    // The provider does not decide.
    expect((await decide(asked.caseId, 'accorder', null, ps)).__typename).toBe('ForbiddenError');

    const granted = await decide(asked.caseId, 'accorder', 'Accord après examen du dossier.', agentA);
    expect(granted.state).toBe('accordee');
    expect(granted.number).toMatch(/^PEC-/);
    expect(granted.letters.map((l: { kind: string }) => l.kind)).toEqual(['lettre_pec_accord']);
    expect(await letterText(granted.letters[0].documentId)).toContain('Accord après examen du dossier.');
  });

  it('refused with a reason (none: refused, nothing changed), with its letter and no number', async () => {
    const asked = await request({ act: 'IRM001', date: inDays(21) });
    const gerant = suite.people.person.gerantA;
    const blank = await decide(asked.caseId, 'refuser', '   ', gerant);
    expect(blank.__typename).toBe('InvalidInputError');
    expect(blank.fields.map((f: { field: string }) => f.field)).toEqual(['motifRefus']);
    const unknown = await decide(asked.caseId, 'approuver', null, gerant);
    expect(unknown).toMatchObject({ __typename: 'InvalidInputError' });
    expect(unknown.message).toContain('accorder, refuser');
    expect((await listed(gerant)).find((r) => r.caseId === asked.caseId)?.state).toBe('a_instruire');

    const refused = await decide(asked.caseId, 'refuser', 'Examen non justifié par la prescription.', gerant);
    expect(refused.state).toBe('refusee');
    expect(refused.refusalReason).toBe('Examen non justifié par la prescription.');
    expect(refused.number).toBeNull();
    expect(refused.letters.map((l: { kind: string }) => l.kind)).toEqual(['lettre_pec_refus']);
    expect(await letterText(refused.letters[0].documentId)).toContain('Examen non justifié par la prescription.');
    // Closed: nothing more.
    expect(await decide(asked.caseId, 'accorder', null, gerant)).toMatchObject({ __typename: 'NotAllowedError' });
  });

  it('the medical adviser’s opinion first, when the package asks for it', async () => {
    const asked = await request({ act: 'CHI001', date: inDays(22) });
    expect(asked.medicalOpinionRequired).toBe(true);
    // Under the ceiling, yet not granted at once: the opinion is required.
    expect((ACTS.CHI001.tarif * ACTS.CHI001.taux) / 100).toBeLessThanOrEqual(CEILING);
    expect(asked.state).toBe('avis_medecin');
    const agentA = suite.people.person.agentA;
    const early = await decide(asked.caseId, 'accorder', null, agentA);
    expect(early.__typename).toBe('NotAllowedError');
    const opinion = await decide(asked.caseId, 'avis_favorable', 'Indication confirmée.', agentA);
    expect(opinion).toMatchObject({ state: 'a_instruire', medicalOpinion: 'favorable' });
    expect((await decide(asked.caseId, 'accorder', null, agentA)).state).toBe('accordee');
  });
});

describe('the end of a granted PEC', () => {
  it('expires at the end of its window, by the durable timer', async () => {
    // Yesterday's act (a date alone ends with its day): the window runs from the grant, seconds long.
    const granted = await request({ act: 'ECH001', date: inDays(-1) });
    expect(granted.state).toBe('accordee');
    expect(granted.validFrom).toBe(today);
    let state = granted.state;
    for (let i = 0; i < 60 && state === 'accordee'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      state = (await listed(ps)).find((r) => r.caseId === granted.caseId)?.state ?? '';
    }
    expect(state).toBe('expiree');
  }, 60_000);

  it('is cancelled with a reason by the provider; a cancelled one cannot be cancelled again', async () => {
    const granted = await request({ act: 'ECH001', date: inDays(30) });
    expect(granted.state).toBe('accordee');
    const noReason = await cancel(granted.caseId, '');
    expect(noReason.__typename).toBe('InvalidInputError');
    // Another provider does not find it.
    expect((await cancel(granted.caseId, 'Rendez-vous annulé', otherPs)).__typename).toBe('NotFoundError');
    const cancelled = await cancel(granted.caseId, 'Rendez-vous annulé par le patient.');
    expect(cancelled).toMatchObject({ state: 'annulee', cancellationReason: 'Rendez-vous annulé par le patient.' });
    const again = await cancel(granted.caseId, 'Rendez-vous annulé par le patient.');
    expect(again.__typename).toBe('NotAllowedError');
    expect(again.message).toMatch(/close/);
  });

  it('the IPM cancels a request still to be decided', async () => {
    const asked = await request({ act: 'IRM001', date: inDays(31) });
    const cancelled = await cancel(asked.caseId, 'Doublon d’une autre demande.', suite.people.person.gerantA);
    expect(cancelled.state).toBe('annulee');
  });
});

describe('bad input: a clear French answer, nothing written', () => {
  const refusals: {
    label: string;
    q: () => Parameters<typeof request>[0];
    who?: () => Person;
    type: string;
    says: RegExp;
  }[] = [
    {
      label: 'an act unknown to the nomenclature',
      q: () => ({ act: 'XYZ999', date: inDays(10) }),
      type: 'InvalidInputError',
      says: /n’est pas dans la nomenclature des actes en vigueur/,
    },
    {
      label: 'a malformed act code',
      q: () => ({ act: 'écho', date: inDays(10) }),
      type: 'InvalidInputError',
      says: /Code d’acte invalide/,
    },
    {
      label: 'a provider not conventioned with the IPM',
      q: () => ({ act: 'ECH001', date: inDays(10) }),
      who: () => otherPs,
      type: 'NotAllowedError',
      says: /n’est pas conventionné avec l’IPM/,
    },
    {
      label: 'a member not covered on the planned date',
      q: () => ({ card: departedCard, act: 'ECH001', date: inDays(10) }),
      type: 'NotAllowedError',
      says: /^Non couvert le .*Aucune prise en charge ne peut être accordée pour cette date/,
    },
    {
      label: 'a date far in the past',
      q: () => ({ act: 'ECH001', date: inDays(-400) }),
      type: 'InvalidInputError',
      says: /Date prévue hors limites/,
    },
    {
      label: 'a date that is not one',
      q: () => ({ act: 'ECH001', date: '2026-02-30' }),
      type: 'InvalidInputError',
      says: /Date prévue invalide/,
    },
    {
      label: 'a malformed card number',
      q: () => ({ card: '12345', act: 'ECH001', date: inDays(10) }),
      type: 'InvalidInputError',
      says: /carte/,
    },
    {
      label: 'an act outside the IPM’s package',
      q: () => ({ act: 'DEN001', date: inDays(10) }),
      type: 'NotAllowedError',
      says: /n’est pas dans le panier de soins/,
    },
    {
      label: 'an act that needs no PEC',
      q: () => ({ act: 'CON001', date: inDays(10) }),
      type: 'NotAllowedError',
      says: /ne demande pas de prise en charge préalable/,
    },
  ];
  for (const r of refusals)
    it(r.label, async () => {
      const before = await written();
      const answer = await request(r.q(), r.who?.() ?? ps);
      expect(answer.__typename).toBe(r.type);
      expect(answer.message).toMatch(r.says);
      expect(await written()).toEqual(before);
    });

  it('a PEC case is not opened by the generic form', async () => {
    const before = await written();
    const answer = (
      await suite.api.gql(
        `mutation { startCase(input: { processId: "pec", idempotencyKey: "DPEC-ESSAI", input: {} }) { __typename ... on Error { message } } }`,
        {},
        as(ps),
      )
    ).data.startCase;
    expect(answer.__typename).not.toBe('Case');
    expect(await written()).toEqual(before);
  });
});

describe('the IPM is told of a request that waits for it', () => {
  /** The caught messages about one request (its reference is the case's business key). */
  const mailsAbout = async (caseId: string) => {
    const reference = caseId.split('/').at(-1) as string;
    return (await lab.caught()).filter((m) => (m.subject ?? '').includes(reference));
  };
  const waitForMails = async (caseId: string, test: (subjects: string[]) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const found = await mailsAbout(caseId);
      if (test(found.map((m) => m.subject ?? ''))) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    return mailsAbout(caseId);
  };

  it('mails its agents and gérant once, with a reference and a link only; reminds them once when overdue', async () => {
    const asked = await request({ act: 'IRM001', date: inDays(30) });
    expect(asked.state).toBe('a_instruire');
    const ipmA = suite.people.organisations.ipmA;
    const holders = await suite.h.prisma.user.findMany({
      where: { organisationId: ipmA, active: true, roles: { hasSome: ['agent_ipm', 'gerant_ipm'] } },
      select: { email: true },
    });
    const expected = holders.map((u) => u.email).sort();
    expect(expected).toContain(suite.people.person.agentA.email);
    expect(expected).toContain(suite.people.person.gerantA.email);

    // The waiting message, then (the step's duration being 4 s here) the reminder.
    const all = await waitForMails(
      asked.caseId,
      (subjects) =>
        subjects.filter((s) => s.includes('décision attendue')).length >= expected.length &&
        subjects.filter((s) => s.includes('en retard')).length >= expected.length,
    );
    const waiting = all.filter((m) => (m.subject ?? '').includes('décision attendue'));
    const late = all.filter((m) => (m.subject ?? '').includes('en retard'));
    // Once each, to the IPM's people only: not to the provider, nor to another IPM.
    expect(waiting.map(recipientOf).sort()).toEqual(expected);
    expect(late.map(recipientOf).sort()).toEqual(expected);
    expect(all.map(recipientOf)).not.toContain(ps.email);
    expect(all.map(recipientOf)).not.toContain(suite.people.person.agentB.email);

    // Nothing personal: no member, card, NIN or act; the link leads to the IPM's page of the request.
    const row = await suite.h.prisma.pecRequest.findUniqueOrThrow({ where: { caseId: asked.caseId } });
    const member = (
      await prismaSql(suite.h.prisma).query<{ lastName: string; firstNames: string }>(
        'SELECT "lastName", "firstNames" FROM "Participant" WHERE "cardNumber" = $1',
        [card],
      )
    ).rows[0];
    for (const mail of all) {
      const everything = `${mail.subject}\n${mail.text}\n${mail.html}`;
      for (const secret of [card, '1750101000011', 'IRM001', row.actLabel, member?.lastName, member?.firstNames])
        expect(everything).not.toContain(secret as string);
      expect(mail.text).toContain(`${PUBLIC_URL}/ipm/pec/${asked.caseId.split('/').map(encodeURIComponent).join('/')}`);
    }
    // The reminder went once: the request stays to be decided, and is decided as before.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await mailsAbout(asked.caseId)).length).toBe(all.length);
    const granted = await decide(asked.caseId, 'accorder', null, suite.people.person.agentA);
    expect(granted.state).toBe('accordee');
  });

  it('tells it too when the medical adviser’s opinion is asked, then again when the request is to instruct', async () => {
    const asked = await request({ act: 'CHI001', date: inDays(31) });
    expect(asked.state).toBe('avis_medecin');
    const expected = (
      await suite.h.prisma.user.findMany({
        where: {
          organisationId: suite.people.organisations.ipmA,
          active: true,
          roles: { hasSome: ['agent_ipm', 'gerant_ipm'] },
        },
        select: { email: true },
      })
    ).length;
    const waiting = (subjects: string[]) => subjects.filter((s) => s.includes('décision attendue')).length;
    expect(waiting((await waitForMails(asked.caseId, (s) => waiting(s) >= expected)).map((m) => m.subject ?? ''))).toBe(
      expected,
    );
    const opinion = await decide(asked.caseId, 'avis_favorable', null, suite.people.person.agentA);
    expect(opinion.state).toBe('a_instruire');
    // One more message each, for the new step (another transition, another key).
    const after = await waitForMails(asked.caseId, (s) => waiting(s) >= 2 * expected);
    expect(waiting(after.map((m) => m.subject ?? ''))).toBe(2 * expected);
    await cancel(asked.caseId, 'Le patient a renoncé à l’intervention.');
  });
});
