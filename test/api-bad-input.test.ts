import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseIdOf } from '../services/start-case.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { eventually, licensing, OPENING } from './support/licensing.ts';
import { as, type People, TEST_PASSWORD } from './support/people.ts';
import { settled } from './support/temporal-history.ts';

// Every mutation of the API, given bad input: the answer says in French what is wrong, and nothing
// changed — the case, its audit trail, its documents, the tokens, sessions, preferences and imports
// read back the same before and after.

const UPLOAD_MAX_BYTES = 4096;

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;
/** A draft of IPM A, with one piece deposited and a person assigned. */
let caseId = '';

beforeAll(async () => {
  suite = await createApiSuite({ uploadMaxBytes: UPLOAD_MAX_BYTES });
  ({ api, people } = suite);
  l = licensing(api);
  const started = await l.start(people.person.gerantA, OPENING, uniqueKey('BAD'));
  caseId = started.case.id;
  expect((await l.uploadPiece(people.person.gerantA, caseId, 'statuts')).__typename).toBe('UploadDocumentPayload');
  const assigned = await l.run(
    people.person.gerantA,
    'mutation($id: ID!, $to: ID) { assignCase(caseId: $id, assigneeId: $to) { __typename } }',
    { id: caseId, to: people.person.agentA.id },
  );
  expect(assigned.assignCase.__typename).toBe('CasePayload');
  // What the fixture set off (notices, projections) is done before the first snapshot.
  await eventually(
    () => settled(suite.h.ctx.temporal.workflow.getHandle(caseId)),
    (done) => done,
  );
});
afterAll(() => suite?.close());

/** Everything a mutation could change, read back from the database and from Temporal. */
async function snapshot() {
  const p = suite.h.prisma;
  const [cases, audit, documents, tokens, sessions, preferences, imports, notifications, batches, users, challenges] =
    await Promise.all([
      p.case.count(),
      p.auditEntry.count(),
      p.document.count(),
      p.apiToken.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
      p.session.findMany({ select: { id: true, revokedAt: true }, orderBy: { id: 'asc' } }),
      p.notificationPreference.findMany({ orderBy: [{ userId: 'asc' }, { kind: 'asc' }] }),
      p.portfolioImport.count(),
      p.notification.count(),
      p.batch.findMany({ select: { id: true, state: true }, orderBy: { id: 'asc' } }),
      p.user.findMany({
        select: { id: true, passwordHash: true, passwordChangedAt: true, totpSecret: true, totpEnabledAt: true },
        orderBy: { id: 'asc' },
      }),
      p.signInChallenge.findMany({ orderBy: { id: 'asc' } }),
    ]);
  const kase = await p.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { state: true, revision: true, assigneeId: true, context: true, processVersion: true },
  });
  const history = (await suite.h.ctx.temporal.workflow.getHandle(caseId).fetchHistory()).events?.length;
  return {
    cases,
    audit,
    documents,
    tokens,
    sessions,
    preferences,
    imports,
    notifications,
    batches,
    users,
    challenges,
    kase,
    history,
  };
}

/** Runs a refused request and checks that it changed nothing. */
async function unchanged<T>(request: () => Promise<T>): Promise<T> {
  const before = await snapshot();
  const answer = await request();
  expect(await snapshot()).toEqual(before);
  return answer;
}

const ERROR = '__typename ... on Error { code message } ... on InvalidInputError { fields { field message } }';
const gql = (query: string, variables: Record<string, unknown>, who: Credentials) =>
  api.gql(query, variables, who).then((a) => {
    expect(a.errors).toBeUndefined();
    return a.data;
  });
const gerant = () => as(people.person.gerantA);

describe('bad input changes nothing, and is answered in French', () => {
  it('startCase: a form with wrong values', async () => {
    const key = uniqueKey('BAD');
    const data = await unchanged(() =>
      gql(
        `mutation($input: StartCaseInput!) { startCase(input: $input) { ${ERROR} } }`,
        { input: { processId: 'agrement', idempotencyKey: key, input: { ...OPENING, effectif: 0 } } },
        gerant(),
      ),
    );
    expect(data.startCase).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’ouverture du dossier « Agrément d’une IPM » : 1 champ à corriger.',
      fields: [{ field: 'effectif', message: '« Effectif salarié couvert » doit être au moins 1.' }],
    });
    // No workflow either.
    await expect(
      suite.h.ctx.temporal.workflow.getHandle(caseIdOf('agrement', people.organisations.ipmA, key)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('sendEvent: a value of the wrong type', async () => {
    const data = await unchanged(() =>
      gql(
        `mutation($input: SendEventInput!) { sendEvent(input: $input) { ${ERROR} } }`,
        { input: { caseId, event: 'demande.completer', input: { nombreEntreprises: 'beaucoup' } } },
        gerant(),
      ),
    );
    expect(data.sendEvent).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’action « Compléter la demande » : 1 champ à corriger.',
      fields: [
        { field: 'nombreEntreprises', message: '« Nombre d’entreprises adhérentes » doit être un nombre entier.' },
      ],
    });
  });

  it('assignCase: a person of another IPM', async () => {
    const data = await unchanged(() =>
      gql(
        `mutation($id: ID!, $to: ID) { assignCase(caseId: $id, assigneeId: $to) { ${ERROR} } }`,
        { id: caseId, to: people.person.agentB.id },
        gerant(),
      ),
    );
    expect(data.assignCase).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Un dossier ne peut être attribué qu’à une personne de votre organisation.',
      fields: [{ field: 'assigneeId', message: 'Personne introuvable dans votre organisation.' }],
    });
  });

  it('uploadDocument: a type of file not accepted', async () => {
    const answer = await unchanged(() =>
      api.upload(
        `mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { ${ERROR} } }`,
        { caseId },
        { name: 'outil.exe', content: new TextEncoder().encode('MZ\x90\x00') },
        gerant(),
      ),
    );
    expect(answer.data.uploadDocument).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message:
        'Type de fichier non accepté : déposez un PDF, une image (PNG, JPEG), un document Word (DOC, DOCX, ODT) ou un tableur (XLS, XLSX, ODS, CSV).',
    });
  });

  it('importPortfolio: a file over the size limit', async () => {
    const big = new Uint8Array(UPLOAD_MAX_BYTES + 1).fill(0x41);
    const answer = await unchanged(() =>
      api.upload(
        `mutation($file: File!) { importPortfolio(file: $file) { ${ERROR} } }`,
        {},
        { name: 'portefeuille.csv', content: big, type: 'text/csv' },
        as(people.person.pilotage),
      ),
    );
    expect(answer.data.importPortfolio).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Le fichier est trop volumineux.',
      fields: [{ field: 'file', message: 'Fichier trop volumineux.' }],
    });
  });

  it('migrateCases: a state mapped twice', async () => {
    const data = await unchanged(() =>
      gql(
        `mutation($input: MigrateCasesInput!) { migrateCases(input: $input) { ${ERROR} } }`,
        {
          input: {
            processId: 'agrement',
            toVersion: 4,
            caseIds: [caseId],
            mapping: [
              { from: 'brouillon', to: 'brouillon' },
              { from: 'brouillon', to: 'soumis' },
            ],
          },
        },
        as(people.person.admin),
      ),
    );
    expect(data.migrateCases).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'L’état « brouillon » a deux correspondances.',
    });
  });

  it('signIn: an address too long', async () => {
    const before = await suite.h.prisma.signInEvent.count();
    const data = await unchanged(() =>
      gql(
        `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { ${ERROR} } }`,
        { e: `${'a'.repeat(400)}@test.siamo.sn`, p: TEST_PASSWORD },
        null,
      ),
    );
    expect(data.signIn).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour la connexion : 1 champ à corriger.',
      fields: [{ field: 'email', message: 'Valeur trop longue.' }],
    });
    expect(await suite.h.prisma.signInEvent.count()).toBe(before);
  });

  it('createApiToken: an empty label and a past expiry', async () => {
    const { cookie } = await api.signIn(people.person.gerantA.email, TEST_PASSWORD);
    const data = await unchanged(() =>
      gql(
        `mutation($at: DateTime) { createApiToken(label: "   ", expiresAt: $at) { ${ERROR} } }`,
        { at: '2020-01-01T00:00:00.000Z' },
        { cookie },
      ),
    );
    expect(data.createApiToken).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour le jeton d’accès.',
      fields: [
        { field: 'label', message: 'Le libellé doit compter 1 à 200 caractères.' },
        { field: 'expiresAt', message: 'La date d’expiration est passée.' },
      ],
    });
  });

  it('revokeApiToken: a token that does not exist', async () => {
    const data = await unchanged(() =>
      gql('mutation { revokeApiToken(id: "pas-un-jeton") { __typename ... on Error { code message } } }', {}, gerant()),
    );
    expect(data.revokeApiToken).toEqual({
      __typename: 'NotFoundError',
      code: 'introuvable',
      message: 'Le jeton « pas-un-jeton » est introuvable ou déjà révoqué.',
    });
  });

  it('setNotificationPreference: an unknown kind, then an unknown mode', async () => {
    const set = (kind: string, mode: string) =>
      unchanged(() =>
        gql(
          `mutation($k: String!, $m: String!) { setNotificationPreference(kind: $k, mode: $m) { ... on SetNotificationPreferenceSuccess { __typename } ... on Error { __typename code message } ... on InvalidInputError { fields { field message } } } }`,
          { k: kind, m: mode },
          gerant(),
        ),
      );
    expect((await set('inconnu', 'resume')).setNotificationPreference).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Type de message inconnu.',
      fields: [{ field: 'kind', message: 'Type de message inconnu.' }],
    });
    expect((await set('retard', 'jamais')).setNotificationPreference).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Choisissez « immediat » ou « resume ».',
      fields: [
        { field: 'mode', message: 'Choisissez « immediat » (courriel immédiat) ou « resume » (résumé quotidien).' },
      ],
    });
  });

  it('startBatch: no records, and chunks of a negative size', async () => {
    const data = await unchanged(() =>
      gql(`mutation { startBatch(records: 0, chunkSize: -5) { ${ERROR} } }`, {}, as(people.person.admin)),
    );
    expect(data.startBatch).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Paramètres du lot invalides : 2 champs à corriger, puis relancez.',
      fields: [
        { field: 'records', message: 'Au moins un enregistrement.' },
        { field: 'chunkSize', message: 'Au moins un enregistrement par paquet.' },
      ],
    });
  });

  it('cancelBatch: a batch that does not exist', async () => {
    const data = await unchanged(() =>
      gql(
        'mutation { cancelBatch(id: "pas-un-lot") { __typename ... on Error { code message } } }',
        {},
        as(people.person.admin),
      ),
    );
    expect(data.cancelBatch).toEqual({
      __typename: 'NotFoundError',
      code: 'introuvable',
      message: 'Le lot « pas-un-lot » est introuvable.',
    });
  });

  it('changePassword: a new password too short', async () => {
    const { cookie } = await api.signIn(people.person.agentA.email, TEST_PASSWORD);
    const data = await unchanged(() =>
      gql(
        `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ${ERROR} } }`,
        { c: TEST_PASSWORD, n: 'court' },
        { cookie },
      ),
    );
    expect(data.changePassword).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Le mot de passe n’a pas été changé : 1 champ à corriger.',
      fields: [{ field: 'newPassword', message: 'Le mot de passe doit compter au moins 12 caractères.' }],
    });
  });

  it('startTotpEnrolment: a challenge that was never given', async () => {
    const data = await unchanged(() =>
      gql(`mutation { startTotpEnrolment(challenge: "pas-un-defi") { ${ERROR} } }`, {}, null),
    );
    expect(data.startTotpEnrolment).toEqual({
      __typename: 'ChallengeExpiredError',
      code: 'verification_expiree',
      message: 'Cette étape de connexion a expiré ou a déjà servi : reconnectez-vous avec votre mot de passe.',
    });
  });

  it('confirmTotpEnrolment: a code that is not six digits', async () => {
    const data = await unchanged(() =>
      gql(`mutation { confirmTotpEnrolment(enrolment: "pas-une-inscription", code: "12ab") { ${ERROR} } }`, {}, null),
    );
    expect(data.confirmTotpEnrolment).toEqual({
      __typename: 'ChallengeExpiredError',
      code: 'verification_expiree',
      message: 'Cette étape de connexion a expiré ou a déjà servi : reconnectez-vous avec votre mot de passe.',
    });
  });

  it('signInWithCode: a code that is not six digits', async () => {
    const data = await unchanged(() =>
      gql(`mutation { signInWithCode(challenge: "pas-un-defi", code: "12ab") { ${ERROR} } }`, {}, null),
    );
    expect(data.signInWithCode).toEqual({
      __typename: 'ChallengeExpiredError',
      code: 'verification_expiree',
      message: 'Cette étape de connexion a expiré ou a déjà servi : reconnectez-vous avec votre mot de passe.',
    });
  });

  it('signOut: without a session, harmless', async () => {
    const data = await unchanged(() => gql('mutation { signOut }', {}, null));
    expect(data.signOut).toBe(true);
  });

  it('the snapshot sees a change when there is one', async () => {
    // The check itself can fail: a real change (a preference set) shows in it.
    const before = await snapshot();
    await gql('mutation { setNotificationPreference(kind: "retard", mode: "resume") { __typename } }', {}, gerant());
    expect(await snapshot()).not.toEqual(before);
  });
});

// Where each mutation's bad-input test lives: this file, unless named. A mutation added to the schema
// without its line here fails the check below, so none is left without one.
const BAD_INPUT_TESTS: Record<string, string> = {
  addDependant: 'test/enrolment-dependants.test.ts',
  assignCase: 'test/api-bad-input.test.ts',
  cancelBatch: 'test/api-bad-input.test.ts',
  cancelMemberDebt: 'test/quote-parts-debts.test.ts',
  cancelPec: 'test/pec.test.ts',
  changePassword: 'test/api-bad-input.test.ts',
  confirmTotpEnrolment: 'test/api-bad-input.test.ts',
  createApiToken: 'test/api-bad-input.test.ts',
  decideAdhesion: 'test/adhesion-process.test.ts',
  decidePec: 'test/pec.test.ts',
  decideReferentialVersion: 'test/referentiel-process.test.ts',
  declareDeparture: 'test/adhesion-process.test.ts',
  declareHire: 'test/adhesion-process.test.ts',
  declarePayroll: 'test/recouvrement-payments.test.ts',
  enterPayment: 'test/recouvrement-payments.test.ts',
  enterMemberPayment: 'test/quote-parts-debts.test.ts',
  importBankStatement: 'test/recouvrement-payments.test.ts',
  importMemberDebts: 'test/quote-parts-debts.test.ts',
  importPortfolio: 'test/api-bad-input.test.ts',
  importReferentialVersion: 'test/referentiel-process.test.ts',
  importWorkforce: 'test/enrolment-register.test.ts',
  inviteMember: 'test/member-space.test.ts',
  issueContributionCalls: 'test/recouvrement-payments.test.ts',
  markReimbursementPaid: 'test/quote-parts-reimbursements.test.ts',
  migrateCases: 'test/api-bad-input.test.ts',
  recordMemberDebt: 'test/quote-parts-debts.test.ts',
  recordReimbursement: 'test/quote-parts-reimbursements.test.ts',
  requestAdhesion: 'test/adhesion-process.test.ts',
  requestPec: 'test/pec.test.ts',
  revokeApiToken: 'test/api-bad-input.test.ts',
  sendEvent: 'test/api-bad-input.test.ts',
  setNotificationPreference: 'test/api-bad-input.test.ts',
  setMemberReminderLadder: 'test/quote-parts-debts.test.ts',
  setReminderLadder: 'test/recouvrement-payments.test.ts',
  signIn: 'test/api-bad-input.test.ts',
  signInWithCode: 'test/api-bad-input.test.ts',
  signOut: 'test/api-bad-input.test.ts',
  startBatch: 'test/api-bad-input.test.ts',
  startCase: 'test/api-bad-input.test.ts',
  startTotpEnrolment: 'test/api-bad-input.test.ts',
  uploadDocument: 'test/api-bad-input.test.ts',
};

describe('every mutation has its bad-input test', () => {
  it('names, for each mutation of the schema, a test file that sends it', () => {
    const mutations = Object.keys(
      buildSchema(readFileSync('schema.graphql', 'utf8')).getMutationType()?.getFields() ?? {},
    );
    expect(mutations.length).toBeGreaterThan(10);
    expect(Object.keys(BAD_INPUT_TESTS).sort()).toEqual([...mutations].sort());
    for (const [mutation, file] of Object.entries(BAD_INPUT_TESTS)) {
      // The name within a GraphQL operation, not merely in a comment.
      const sent = new RegExp(String.raw`mutation[^'\u0060]{0,200}\b${mutation}\b`);
      expect(readFileSync(file, 'utf8'), `${file} n’envoie pas ${mutation}`).toMatch(sent);
    }
  });
});
