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

// The member's own space on the real server: the IPM invites a participant, the mail (caught by a
// real SMTP catcher) carries a one-time code, the member signs in with it and must choose its own
// password; then it reads its rights — today, the day before its hire, from its departure — and its
// dependant's, and nothing else: no other beneficiary, no organisation-wide list.

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
const HIRE = shift(today, -30);
const DEPARTURE = shift(today, 30);
const NEW_PASSWORD = 'Mon-espace-assure-2026';

const INVITE = `mutation($participantId: ID!, $email: String, $lostPassword: Boolean, $requestId: String) {
  inviteMember(participantId: $participantId, email: $email, lostPassword: $lostPassword, requestId: $requestId) {
    __typename
    ... on MemberInvitation { userId reason participantId email expiresAt mailStatus }
    ... on Error { code message }
    ... on InvalidInputError { fields { field message } }
  }
}`;

const COVERAGE = `query($date: String) {
  myCoverage(date: $date) {
    __typename
    ... on MemberCoverage { participantId firstNames lastName cardNumber ipmName rights { date covered code reason since } }
    ... on Error { code message }
  }
}`;

const DEPENDANTS = `query($date: String) {
  myDependants(date: $date) {
    __typename
    ... on MyDependantsSuccess { data { id kind firstNames cardNumber rights { covered code since } } }
    ... on Error { code message }
  }
}`;

async function enrol(nin: string, rank = 1) {
  const db = prismaSql(suite.h.prisma);
  const ipmA = suite.people.organisations.ipmA;
  const employerId = await insertEmployer(db, ipmA);
  const p = await insertParticipant(db, testDataKeys(), { ipmId: ipmA, employerId, nin });
  await insertAffiliation(db, {
    participantId: p.id,
    ninIndex: p.ninIndex,
    ipmId: ipmA,
    employerId,
    from: HIRE,
    to: DEPARTURE,
    endReason: 'depart',
  });
  const child = await insertDependant(db, { participantId: p.id, rank, kind: 'enfant', birthDate: '2015-05-01' });
  return { ...p, child };
}

const invite = (
  participantId: string,
  email: string | null,
  who = suite.people.person.agentA,
  more: { lostPassword?: boolean; requestId?: string } = {},
) => suite.api.gql(INVITE, { participantId, email, ...more }, as(who)).then((a) => a.data.inviteMember);

const CODE = /\b[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}\b/;
const codesTo = async (address: string) =>
  (await lab.caught()).filter((m) => recipientOf(m) === address).map((m) => CODE.exec(m.text ?? '')?.[0] as string);

/** Signs in with a one-time code and chooses NEW_PASSWORD, as the member does at its first visit. */
async function openSpace(address: string, code: string) {
  const step = await suite.api.gql(
    `mutation($email: String!, $password: String!) {
      signIn(email: $email, password: $password) { __typename ... on PasswordChangeRequiredError { challenge } } }`,
    { email: address, password: code },
  );
  expect(step.data.signIn.__typename).toBe('PasswordChangeRequiredError');
  const changed = await suite.api.gql(
    `mutation($challenge: String!, $password: String!) {
      changePassword(challenge: $challenge, newPassword: $password) { __typename } }`,
    { challenge: step.data.signIn.challenge, password: NEW_PASSWORD },
  );
  expect(changed.data.changePassword.__typename).toBe('SignInPayload');
}

describe('a member’s own space', () => {
  let member: Awaited<ReturnType<typeof enrol>>;
  let cookie: Credentials;
  const email = `awa.diop.${Date.now()}@exemple.sn`;

  it('refuses a bad invitation, saying what is wrong, and creates nothing', async () => {
    const { people, h } = suite;
    member = await enrol('1690909001234');
    expect(await invite(member.id, 'pas-une-adresse')).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Adresse électronique invalide : attendu nom@domaine.sn.',
      fields: [{ field: 'email', message: 'adresse invalide' }],
    });
    expect(await invite(member.id, null)).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Adresse électronique manquante : le registre n’en a pas pour ce participant, saisissez la sienne.',
    });
    expect(await invite('participant-inconnu', email)).toMatchObject({
      __typename: 'NotFoundError',
      message: 'Participant introuvable dans votre IPM : vérifiez son identifiant.',
    });
    // Another IPM's people find nobody; the employer may not invite.
    expect((await invite(member.id, email, people.person.agentB)).__typename).toBe('NotFoundError');
    expect(await invite(member.id, email, people.person.employeur)).toMatchObject({
      __typename: 'ForbiddenError',
      message: 'Votre rôle ne permet pas d’inviter un assuré dans son espace.',
    });
    // An address that is already another account's.
    expect(await invite(member.id, people.person.gerantA.email)).toMatchObject({
      __typename: 'ConflictError',
      message: 'Cette adresse est déjà celle d’un autre compte : saisissez celle de l’assuré.',
    });
    expect(await h.prisma.memberAccount.count({ where: { participantId: member.id } })).toBe(0);
    expect(await h.prisma.user.count({ where: { email } })).toBe(0);
    expect((await lab.caught()).length).toBe(0);
  });

  it('mails a one-time code, which leads to choosing one’s own password, and then works no more', async () => {
    const { api, h } = suite;
    const invited = await invite(member.id, email);
    expect(invited).toMatchObject({
      __typename: 'MemberInvitation',
      participantId: member.id,
      email,
      mailStatus: 'envoye',
    });
    const account = await h.prisma.memberAccount.findUniqueOrThrow({ where: { participantId: member.id } });
    expect(account).toMatchObject({ userId: invited.userId, ipmId: suite.people.organisations.ipmA });
    expect((await h.prisma.user.findUniqueOrThrow({ where: { id: invited.userId } })).roles).toEqual(['assure']);

    await expect.poll(async () => (await lab.caught()).filter((m) => recipientOf(m) === email).length).toBe(1);
    const [mail] = (await lab.caught()).filter((m) => recipientOf(m) === email);
    // The subject names no one; the body, neither NIN nor the code in a link.
    expect(mail?.subject).toBe('Siamo : votre espace assuré vous attend');
    expect(mail?.text).not.toContain('1690909001234');
    const code = /\b[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}\b/.exec(mail?.text ?? '')?.[0] as string;
    expect(code).toBeDefined();
    expect(mail?.text).toContain('https://siamo.sante.test/connexion');
    expect(mail?.text).not.toContain(`connexion?`);

    const first = await api.signIn(email, code);
    expect(first.cookie).toBe('');
    const step = await api.gql(
      `mutation($email: String!, $password: String!) {
        signIn(email: $email, password: $password) { __typename ... on PasswordChangeRequiredError { code message challenge } }
      }`,
      { email, password: code },
    );
    expect(step.data.signIn).toMatchObject({
      __typename: 'PasswordChangeRequiredError',
      code: 'changement_mot_de_passe_requis',
      message: 'Le code reçu par courriel ne sert qu’une fois : choisissez votre mot de passe pour continuer.',
    });
    const changed = await api.gql(
      `mutation($challenge: String!, $password: String!) {
        changePassword(challenge: $challenge, newPassword: $password) { __typename ... on SignInPayload { user { id } } }
      }`,
      { challenge: step.data.signIn.challenge, password: NEW_PASSWORD },
    );
    expect(changed.data.changePassword).toMatchObject({ __typename: 'SignInPayload', user: { id: invited.userId } });

    expect((await api.signIn(email, code)).answer.data.signIn).toMatchObject({
      __typename: 'InvalidCredentialsError',
    });
    const signedIn = await api.signIn(email, NEW_PASSWORD);
    expect(signedIn.answer.data.signIn.__typename).toBe('SignInPayload');
    cookie = { cookie: signedIn.cookie };

    // Invited again once the space is open: nothing to send.
    expect(await invite(member.id, email)).toMatchObject({
      __typename: 'ConflictError',
      message:
        'Cet assuré a déjà choisi son mot de passe : son espace est ouvert. S’il l’a perdu, invitez-le de nouveau en indiquant « mot de passe perdu » : un nouveau code lui sera envoyé et son mot de passe actuel ne fonctionnera plus.',
    });
  });

  it('shows the member its rights today, the day before its hire and from its departure', async () => {
    const { api, h } = suite;
    const ask = async (date?: string) => (await api.gql(COVERAGE, { date }, cookie)).data.myCoverage;
    const card = (await h.prisma.participant.findUniqueOrThrow({ where: { id: member.id } })).cardNumber;
    expect(await ask()).toMatchObject({
      __typename: 'MemberCoverage',
      participantId: member.id,
      firstNames: 'Awa',
      lastName: 'Diop',
      cardNumber: card,
      rights: { date: today, covered: true, code: 'couvert' },
    });
    expect(await ask(HIRE)).toMatchObject({ rights: { covered: true, code: 'couvert' } });
    expect(await ask(shift(HIRE, -1))).toMatchObject({ rights: { covered: false, code: 'non_affilie' } });
    expect(await ask(shift(DEPARTURE, -1))).toMatchObject({ rights: { covered: true } });
    expect(await ask(DEPARTURE)).toMatchObject({ rights: { covered: false, code: 'depart', since: DEPARTURE } });
    expect(await ask('2026-02-30')).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Date invalide : attendu AAAA-MM-JJ, une date qui existe.',
    });
  });

  it('shows its dependants with their rights on the date', async () => {
    const { api, h } = suite;
    const card = (await h.prisma.dependant.findUniqueOrThrow({ where: { id: member.child } })).cardNumber;
    const ask = async (date?: string) => (await api.gql(DEPENDANTS, { date }, cookie)).data.myDependants;
    expect(await ask()).toMatchObject({
      __typename: 'MyDependantsSuccess',
      data: [{ id: member.child, kind: 'enfant', firstNames: 'Moussa', cardNumber: card, rights: { covered: true } }],
    });
    expect((await ask(DEPARTURE)).data).toMatchObject([{ rights: { covered: false, code: 'depart' } }]);
  });

  it('never reaches another beneficiary, nor the organisation’s lists', async () => {
    const { api, h, people } = suite;
    // A second member of the same IPM, with its own account.
    const other = await enrol('1690909005678');
    const user = await h.prisma.user.create({
      data: {
        email: `autre.${Date.now()}@exemple.sn`,
        displayName: 'Autre assuré',
        passwordHash: await hashPassword(NEW_PASSWORD),
        organisationId: people.organisations.ipmA,
        roles: ['assure'],
      },
    });
    await h.prisma.memberAccount.create({
      data: { userId: user.id, participantId: other.id, ipmId: people.organisations.ipmA, invitedBy: 'test' },
    });
    const otherCookie = { cookie: (await api.signIn(user.email, NEW_PASSWORD)).cookie };
    expect((await api.gql(COVERAGE, {}, otherCookie)).data.myCoverage.participantId).toBe(other.id);
    expect((await api.gql(COVERAGE, {}, cookie)).data.myCoverage.participantId).toBe(member.id);
    expect((await api.gql(DEPENDANTS, {}, cookie)).data.myDependants.data.map((d: { id: string }) => d.id)).toEqual([
      member.child,
    ]);

    // No argument names a beneficiary: the schema refuses one.
    const named = await api.gql(`{ myCoverage(beneficiaryId: "${other.id}") { __typename } }`, {}, cookie);
    expect(named.errors?.[0]?.message).toBe(
      'L’argument « beneficiaryId » n’existe pas pour le champ « Query.myCoverage ».',
    );
    // The IPM's own rights query, and the organisation-wide lists, refuse the member in French.
    const refused = async (query: string, name: string) => {
      const answer = (await api.gql(query, {}, cookie)).data[name];
      expect(answer.__typename).toBe('ForbiddenError');
      return answer.message as string;
    };
    expect(
      await refused(
        `{ rightsAt(beneficiaryId: "${other.id}", date: "${today}") { __typename ... on Error { message } } }`,
        'rightsAt',
      ),
    ).toBe('Votre rôle ne permet pas de consulter les droits d’un bénéficiaire à une date.');
    expect(await refused('{ users { __typename ... on Error { message } } }', 'users')).toBe(
      'Votre rôle ne permet pas de consulter les personnes.',
    );
    expect(await refused('{ cases { __typename ... on Error { message } } }', 'cases')).toBe(
      'Votre rôle ne permet pas de consulter les dossiers.',
    );
    expect(
      await refused(`{ employerWorkers(employerId: "x") { __typename ... on Error { message } } }`, 'employerWorkers'),
    ).toBe('Votre rôle ne permet pas de consulter les salariés d’un employeur et leurs ayants droit.');
    // Nor through its own profile: its IPM's name, none of its people.
    const profile = await api.gql('{ me { roles organisation { name users { id } } } }', {}, cookie);
    expect(profile.data.me).toEqual({
      roles: ['assure'],
      organisation: { name: expect.any(String), users: [] },
    });
    // And the IPM's people are refused the member's queries.
    expect((await api.gql(COVERAGE, {}, as(people.person.agentA))).data.myCoverage.__typename).toBe('ForbiddenError');
  });

  it('keeps the account when the mail server refuses, and a new invitation sends a new code; a lapsed code opens nothing', async () => {
    const { api, h } = suite;
    const late = await enrol('1690909009876');
    const address = `tardif.${Date.now()}@exemple.sn`;
    lab.failNext(1);
    const refused = await invite(late.id, address);
    expect(refused).toMatchObject({ __typename: 'MemberInvitation', mailStatus: 'echec' });
    // The failed mail shows for supervision, where it can be sent again.
    expect(await h.prisma.mailMessage.findFirstOrThrow({ where: { toAddress: address } })).toMatchObject({
      status: 'echec',
    });
    const again = await invite(late.id, address);
    expect(again).toMatchObject({ __typename: 'MemberInvitation', userId: refused.userId, mailStatus: 'envoye' });
    await expect.poll(async () => (await lab.caught()).filter((m) => recipientOf(m) === address).length).toBe(1);
    const [mail] = (await lab.caught()).filter((m) => recipientOf(m) === address);
    const code = /\b[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}\b/.exec(mail?.text ?? '')?.[0] as string;
    // Past its date, the code is refused like a wrong password.
    await h.prisma.user.update({
      where: { id: again.userId },
      data: { temporaryPasswordUntil: new Date(Date.now() - 1000) },
    });
    expect((await api.signIn(address, code)).answer.data.signIn).toMatchObject({
      __typename: 'InvalidCredentialsError',
      message: 'Adresse électronique ou mot de passe incorrect.',
    });
  });
});

describe('inviting a member again', () => {
  it('a lost password: the same account, a new code, the old password and sessions dead, who did it recorded', async () => {
    const { api, h, people } = suite;
    const member = await enrol('1690909004321');
    const address = `perdu.${Date.now()}@exemple.sn`;
    const first = await invite(member.id, address);
    expect(first).toMatchObject({ __typename: 'MemberInvitation', reason: 'premiere' });
    await expect.poll(async () => (await codesTo(address)).length).toBe(1);
    await openSpace(address, (await codesTo(address))[0] as string);
    const signedIn = await api.signIn(address, NEW_PASSWORD);
    expect(signedIn.answer.data.signIn.__typename).toBe('SignInPayload');
    const session = { cookie: signedIn.cookie };
    expect((await api.gql(COVERAGE, {}, session)).data.myCoverage.participantId).toBe(member.id);

    // Another IPM's agent finds nobody, and changes nothing.
    expect((await invite(member.id, null, people.person.agentB, { lostPassword: true })).__typename).toBe(
      'NotFoundError',
    );
    expect((await api.signIn(address, NEW_PASSWORD)).answer.data.signIn.__typename).toBe('SignInPayload');

    const requestId = `invitation-${Date.now()}`;
    const again = await invite(member.id, null, people.person.gerantA, { lostPassword: true, requestId });
    expect(again).toMatchObject({
      __typename: 'MemberInvitation',
      userId: first.userId,
      reason: 'mot_de_passe_perdu',
      email: address,
      mailStatus: 'envoye',
    });
    // The same form sent twice: the same invitation, no second code.
    const retried = await invite(member.id, null, people.person.gerantA, { lostPassword: true, requestId });
    expect(retried).toMatchObject({ userId: again.userId, expiresAt: again.expiresAt, reason: 'mot_de_passe_perdu' });
    await expect.poll(async () => (await codesTo(address)).length).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await codesTo(address)).toHaveLength(2);

    // The password it chose opens nothing any more, nor does its session; the new code does, once.
    expect((await api.signIn(address, NEW_PASSWORD)).answer.data.signIn.__typename).toBe('InvalidCredentialsError');
    expect((await api.gql(COVERAGE, {}, session)).data.myCoverage.__typename).toBe('NotSignedInError');
    const mails = (await lab.caught()).filter((m) => recipientOf(m) === address);
    const lost = mails.find((m) => m.text?.includes('votre ancien mot de passe ne fonctionne plus'));
    expect(lost?.subject).toBe('Siamo : votre espace assuré vous attend');
    const code = CODE.exec(lost?.text ?? '')?.[0] as string;
    expect(new Set(mails.map((m) => CODE.exec(m.text ?? '')?.[0])).size).toBe(2);
    await openSpace(address, code);
    expect((await api.signIn(address, NEW_PASSWORD)).answer.data.signIn.__typename).toBe('SignInPayload');

    // Who handed out each code, and why; the file shows it to the IPM.
    const rows = await h.prisma.memberInvitation.findMany({
      where: { participantId: member.id },
      orderBy: { at: 'asc' },
    });
    expect(rows.map((r) => [r.reason, r.invitedBy, r.userId])).toEqual([
      ['premiere', people.person.agentA.id, first.userId],
      ['mot_de_passe_perdu', people.person.gerantA.id, first.userId],
    ]);
    expect(await h.prisma.memberAccount.count({ where: { participantId: member.id } })).toBe(1);
    const file = await api.gql(
      `query($id: ID!) { registerParticipant(id: $id) { ... on ParticipantFile {
        memberSpace { status email lastReason invitations } } } }`,
      { id: member.id },
      as(people.person.agentA),
    );
    expect(file.data.registerParticipant.memberSpace).toEqual({
      status: 'ouvert',
      email: address,
      lastReason: 'mot_de_passe_perdu',
      invitations: 2,
    });
  });
});
