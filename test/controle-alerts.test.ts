import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { accreditProvider, providerAgent, unusedCardNumber } from './support/controle.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import { as, type Person } from './support/people.ts';

// The alerts of the rights checks on the real server: a card checked the same day by providers in two
// régions raises one alert per member and day, whatever follows; an alert reaches the gérants of the
// IPM concerned and ICAMO's analysts by mail, over a real SMTP conversation, exactly once, with
// neither the member's NIN nor their name in the subject.

const keys = testDataKeys();
const ENUMERATION_THRESHOLD = 6;
let suite: ApiSuite;
let lab: MailLab;
let db: ReturnType<typeof prismaSql>;
const providers: Record<'dakar' | 'pikine' | 'ziguinchor' | 'saintLouis', Person> = {} as never;

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({
    dataKeys: keys,
    mail: lab.settings,
    settingOverrides: { controleAlerteBeneficiaires: ENUMERATION_THRESHOLD },
  });
  db = prismaSql(suite.h.prisma);
  const places = {
    dakar: ['PS-30001', 'SN-DK-DAKAR'],
    pikine: ['PS-30002', 'SN-DK-PIKINE'],
    ziguinchor: ['PS-30003', 'SN-ZG-ZIGUINCHOR'],
    saintLouis: ['PS-30004', 'SN-SL-SAINT-LOUIS'],
  } as const;
  for (const [place, [code, departement]] of Object.entries(places)) {
    const agent = await providerAgent(suite.h.prisma, `clinique-${place}`);
    await accreditProvider(suite.h.prisma, agent.organisationId, code, {}, departement);
    providers[place as keyof typeof places] = agent;
  }
}, 180_000);
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

/** A member of IPM A, affiliated since 2025 (covered today), and their card number. */
async function member(nin: string): Promise<{ id: string; card: string }> {
  const ipmA = suite.people.organisations.ipmA;
  const employerId = await insertEmployer(db, ipmA);
  const p = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin });
  await insertAffiliation(db, {
    participantId: p.id,
    ninIndex: p.ninIndex,
    ipmId: ipmA,
    employerId,
    from: '2025-01-01',
  });
  const { rows } = await db.query<{ cardNumber: string }>('SELECT "cardNumber" FROM "Participant" WHERE "id" = $1', [
    p.id,
  ]);
  return { id: p.id, card: rows[0]?.cardNumber as string };
}

const check = async (who: Person, q: { card?: string; nin?: string }) => {
  const answer = await suite.api.gql(
    `query($card: String, $nin: String) { checkRights(cardNumber: $card, nin: $nin) {
      __typename ... on RightsCheckAnswer { checkNumber covered outcome } ... on Error { message } } }`,
    q,
    as(who),
  );
  const result = answer.data.checkRights;
  expect(result.__typename).toBe('RightsCheckAnswer');
  return result as { checkNumber: string; covered: boolean };
};

const alertsSeenBy = async (who: Person) => {
  const answer = await suite.api.gql(
    '{ rightsCheckAlerts { __typename ... on RightsCheckAlertsSuccess { data { id kind providerOrganisationId message } } } }',
    {},
    as(who),
  );
  return (answer.data.rightsCheckAlerts.data ?? []) as {
    id: string;
    kind: string;
    providerOrganisationId: string;
    message: string;
  }[];
};

const distantAlertsOf = async (beneficiaryId: string) =>
  suite.h.prisma.rightsCheckAlert.findMany({ where: { kind: 'cartes_distantes', beneficiaryId } });

/** The caught mails whose text names `marker`, once `count` of them arrived (or what came within 15 s). */
async function mailsNaming(marker: string, count: number): Promise<ParsedMail[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await lab.caught()).filter((m) => (m.text ?? '').includes(marker));
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Who must hear of an alert about a member of IPM A: its gérant and ICAMO's analyst, nobody else. */
const expectedRecipients = () => [suite.people.person.analyste.email, suite.people.person.gerantA.email].sort();

describe('a card checked the same day by providers in two régions', () => {
  it('raises nothing within one région, one alert at the second région, and no other that day', async () => {
    const awa = await member('1790101000019');
    // Dakar and Pikine are two départements of the région of Dakar: no alert.
    await check(providers.dakar, { card: awa.card });
    await check(providers.pikine, { card: awa.card });
    await check(providers.dakar, { card: awa.card });
    expect(await distantAlertsOf(awa.id)).toEqual([]);

    const there = await check(providers.ziguinchor, { card: awa.card });
    const alerts = await distantAlertsOf(awa.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      providerOrganisationId: providers.ziguinchor.organisationId,
      ipmIds: [suite.people.organisations.ipmA],
    });
    expect(alerts[0]?.day?.toISOString().slice(0, 10)).toBe(dakarDay(new Date()));
    expect(alerts[0]?.message).toContain('région de Dakar');
    expect(alerts[0]?.message).toContain(`région de Ziguinchor, contrôle ${there.checkNumber}`);

    // The same member again, by NIN this time, in a third région and in the second: still one alert.
    await check(providers.saintLouis, { nin: '1790101000019' });
    await check(providers.ziguinchor, { card: awa.card });
    await check(providers.dakar, { card: awa.card });
    expect(await distantAlertsOf(awa.id)).toHaveLength(1);

    // Seen by ICAMO and the member's IPM, not by another IPM.
    const id = String(alerts[0]?.id);
    expect((await alertsSeenBy(suite.people.person.analyste)).map((a) => a.id)).toContain(id);
    expect((await alertsSeenBy(suite.people.person.gerantA)).map((a) => a.id)).toContain(id);
    expect((await alertsSeenBy(suite.people.person.gerantB)).map((a) => a.id)).not.toContain(id);
  });

  it('is not fooled by a number that names nobody, nor by two members checked in two régions', async () => {
    const one = await member('1790202000028');
    const two = await member('2790303000037');
    await check(providers.dakar, { card: one.card });
    await check(providers.ziguinchor, { card: two.card });
    await check(providers.dakar, { card: unusedCardNumber(7) });
    await check(providers.ziguinchor, { card: unusedCardNumber(7) });
    expect(await distantAlertsOf(one.id)).toEqual([]);
    expect(await distantAlertsOf(two.id)).toEqual([]);
  });

  it('mails the alert once to the IPM’s gérant and ICAMO, naming the checks and never the member', async () => {
    const fatou = await member('2790404000046');
    const first = await check(providers.saintLouis, { card: fatou.card });
    // The first try of each mail fails as a refused connection: the next one sends it.
    lab.failNext(1);
    const second = await check(providers.dakar, { card: fatou.card });
    await check(providers.ziguinchor, { card: fatou.card });
    const mails = await mailsNaming(second.checkNumber, 2);
    expect(mails.map(recipientOf).sort()).toEqual(expectedRecipients());
    for (const mail of mails) {
      expect(mail.subject).toMatch(
        /^Alerte de contrôle des droits : carte contrôlée dans deux régions le même jour \(/,
      );
      expect(mail.subject).toContain('Clinique PS-30001 (test)');
      for (const personal of ['2790404000046', 'Diop', 'Awa', fatou.card]) {
        expect(mail.subject).not.toContain(personal);
        expect(mail.text).not.toContain(personal);
      }
      expect(mail.text).toContain(`Contrôles concernés : ${first.checkNumber}, ${second.checkNumber}.`);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    }
    // Nothing more comes, however long one waits: the mails are sent and recorded once.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await mailsNaming(second.checkNumber, 3)).length).toBe(2);
    const recorded = await suite.h.prisma.mailMessage.findMany({
      where: { key: { startsWith: `controle-alerte:${(await distantAlertsOf(fatou.id))[0]?.id}:` } },
    });
    expect(recorded.map((m) => m.status)).toEqual(['envoye', 'envoye']);
    expect(recorded.map((m) => m.attempts).sort()).toEqual([1, 2]);
  });
});

describe('the enumeration alert', () => {
  it('is mailed once too, to ICAMO and the gérant of the IPM whose member was among the numbers', async () => {
    const prober = await providerAgent(suite.h.prisma, 'curieuse');
    await accreditProvider(suite.h.prisma, prober.organisationId, 'PS-30009');
    const known = await member('1790505000055');
    await check(prober, { card: known.card });
    for (let i = 0; i < ENUMERATION_THRESHOLD + 3; i++) await check(prober, { card: unusedCardNumber(400 + i) });
    const alerts = (await alertsSeenBy(suite.people.person.analyste)).filter(
      (a) => a.providerOrganisationId === prober.organisationId,
    );
    expect(alerts).toHaveLength(1);
    const mails = await mailsNaming('Clinique PS-30009 (test) a contrôlé', 2);
    expect(mails.map(recipientOf).sort()).toEqual(expectedRecipients());
    expect(
      mails.every((m) => m.subject === 'Alerte de contrôle des droits : contrôles en série (Clinique PS-30009 (test))'),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await mailsNaming('Clinique PS-30009 (test) a contrôlé', 3)).toHaveLength(2);
  });
});
