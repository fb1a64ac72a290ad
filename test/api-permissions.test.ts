import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../processes/roles.ts';
import { schema } from '../schema/index.ts';
import { HTTP_OPERATIONS, mayUse, OPERATIONS, type Operation, PUBLIC_OPERATIONS } from '../services/permissions.ts';
import type { Viewer } from '../services/viewer.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { licensing, OPENING, PIECES } from './support/licensing.ts';
import { type People, type Person, type PersonKey, TEST_PASSWORD } from './support/people.ts';

// Who may use each operation of the API, written out below by hand (REVIEWED) rather than read from
// services/permissions.ts: the code's table must equal it, and for every role and every operation the
// live API must answer as it says — allowed, or a ForbiddenError — and without a session,
// NotSignedInError. The probes aim at things that do not exist, so that an allowed call answers
// NotFoundError and changes nothing.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
const sessions = new Map<PersonKey, string>();

/** One person per role. */
const BY_ROLE: PersonKey[] = [
  'agentMinistere',
  'directeur',
  'analyste',
  'pilotage',
  'gerantA',
  'agentA',
  'agentPs',
  'employeur',
  'admin',
  'assure',
];

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  for (const key of BY_ROLE) sessions.set(key, (await api.signIn(people.person[key].email, TEST_PASSWORD)).cookie);
});
afterAll(() => suite?.close());

// The reviewed table. Columns, in this order: agent_ministere, directeur_ministere, analyste_icamo,
// pilotage_icamo, gerant_ipm, agent_ipm, agent_ps, employeur, administrateur, assure. O: may use it.
const O = true;
const _ = false;
const COLUMNS: Role[] = [
  'agent_ministere',
  'directeur_ministere',
  'analyste_icamo',
  'pilotage_icamo',
  'gerant_ipm',
  'agent_ipm',
  'agent_ps',
  'employeur',
  'administrateur',
  'assure',
];
// biome-ignore format: one row per operation, one column per role, to be read as a table
const REVIEWED: Record<Operation, boolean[]> = {
  //                         min dir ana pil ger aip aps emp adm ass
  me:                        [O, O, O, O, O, O, O, O, O, O],
  roles:                     [O, O, O, O, O, O, O, O, O, O],
  organisations:             [O, O, O, O, O, O, O, O, O, _],
  organisation:              [O, O, O, O, O, O, O, O, O, _],
  users:                     [O, O, O, O, O, O, O, O, O, _],
  user:                      [O, O, O, O, O, O, O, O, O, _],
  processes:                 [O, O, O, O, O, O, O, O, O, _],
  process:                   [O, O, O, O, O, O, O, O, O, _],
  cases:                     [O, O, O, O, O, O, O, O, O, _],
  case:                      [O, O, O, O, O, O, O, O, O, _],
  caseRecords:               [O, O, O, O, O, O, O, O, O, _],
  inbox:                     [O, O, O, O, O, O, O, O, O, _],
  // ICAMO steering follows but does not open cases; the administrator runs the platform, not files.
  startCase:                 [O, O, O, _, O, O, O, O, _, _],
  // Steering takes the steering committee's decisions on projects: it sends events, opens none.
  sendEvent:                 [O, O, O, O, O, O, O, O, _, _],
  // Those who hand out work in their organisation.
  assignCase:                [_, O, _, O, O, _, _, _, _, _],
  uploadDocument:            [O, O, O, _, O, O, O, O, _, _],
  downloadDocument:          [O, O, O, O, O, O, O, O, O, _],
  // National steering only: no IPM, provider or employer sees a process's board or the portfolio.
  processBoard:              [O, O, O, O, _, _, _, _, O, _],
  portfolio:                 [O, O, O, O, _, _, _, _, O, _],
  portfolioReport:           [O, O, O, O, _, _, _, _, O, _],
  importPortfolio:           [_, _, _, O, _, _, _, _, _, _],
  migrateCases:              [_, _, _, _, _, _, _, _, O, _],
  caughtMail:                [_, _, _, _, _, _, _, _, O, _],
  caughtMessage:             [_, _, _, _, _, _, _, _, O, _],
  // The platform's health and alerts; Temporal's decrypted payloads (personal data).
  supervision:               [_, _, _, _, _, _, _, _, O, _],
  payloadCodec:              [_, _, _, _, _, _, _, _, O, _],
  notificationPreferences:   [O, O, O, O, O, O, O, O, O, O],
  setNotificationPreference: [O, O, O, O, O, O, O, O, O, O],
  signOut:                   [O, O, O, O, O, O, O, O, O, O],
  createApiToken:            [O, O, O, O, O, O, O, O, O, O],
  revokeApiToken:            [O, O, O, O, O, O, O, O, O, O],
  // Batch jobs: the administrator, and the roles a kind names, for their own organisation's batches only
  // (the contribution calls': the IPM's gérant and agents; a referential import's: the owners' agents).
  batch:                     [O, _, O, _, O, O, O, _, O, _],
  batches:                   [O, _, O, _, O, O, O, _, O, _],
  cancelBatch:               [O, _, O, _, O, O, O, _, O, _],
  startBatch:                [_, _, _, _, _, _, _, _, O, _],
  // Reference data: everyone computes with it or follows it; none of it is personal.
  referentials:              [O, O, O, O, O, O, O, O, O, _],
  referentialVersion:        [O, O, O, O, O, O, O, O, O, _],
  referentialRows:           [O, O, O, O, O, O, O, O, O, _],
  // An IPM's (or provider's) own referentials: then its own series only (the resolver's organisation rule).
  referentialVersions:       [O, O, O, O, O, O, O, O, O, _],
  referentialAsOf:           [O, O, O, O, O, O, O, O, O, _],
  referentialDiff:           [O, O, O, O, O, O, O, O, O, _],
  referentialExport:         [O, O, O, O, O, O, O, O, O, _],
  referentialTemplate:       [O, O, O, O, O, O, O, O, O, _],
  // The IPM's register: its own beneficiaries only (the resolver's organisation rule).
  rightsAt:                  [_, _, _, _, O, O, _, _, _, _],
  // The national owners' agents and managers; an IPM's agent and gérant, a provider's agent (no provider
  // manager role yet), for the referentials they keep for themselves. The service checks the owner.
  importReferentialVersion:  [O, _, O, _, _, O, O, _, _, _],
  decideReferentialVersion:  [_, O, _, O, O, _, O, _, _, _],
  // Adhesion: the employer asks for itself; the IPM's people examine and decide the adhesions to their IPM.
  requestAdhesion:           [_, _, _, _, _, _, _, O, _, _],
  adhesionIpms:              [_, _, _, _, _, _, _, O, _, _],
  decideAdhesion:            [_, _, _, _, O, O, _, _, _, _],
  adhesions:                 [_, _, _, _, O, O, _, O, _, _],
  // An employer's workers: its own people, and its IPM's (the resolver's organisation rule).
  employerWorkers:           [_, _, _, _, O, O, _, O, _, _],
  // Enrolment one by one: the employer declares, or the IPM's agent for it.
  declareHire:               [_, _, _, _, _, O, _, O, _, _],
  declareDeparture:          [_, _, _, _, _, O, _, O, _, _],
  // Recouvrement: the employer's IPM (the resolver's organisation rule), and the employer for its own.
  contributionStatement:     [_, _, _, _, O, O, _, O, _, _],
  issueContributionCalls:    [_, _, _, _, O, O, _, _, _, _],
  ipmCollection:             [_, _, _, _, O, O, _, _, _, _],
  declarePayroll:            [_, _, _, _, O, O, _, O, _, _],
  enterPayment:              [_, _, _, _, O, O, _, _, _, _],
  importBankStatement:       [_, _, _, _, O, O, _, _, _, _],
  reminderLadder:            [_, _, _, _, O, O, _, _, _, _],
  setReminderLadder:         [_, _, _, _, O, _, _, _, _, _],
  // Quote-parts: the participant's IPM only (the resolver's organisation rule); its gérant cancels and sets the ladder.
  recordMemberDebt:          [_, _, _, _, O, O, _, _, _, _],
  cancelMemberDebt:          [_, _, _, _, O, _, _, _, _, _],
  importMemberDebts:         [_, _, _, _, O, O, _, _, _, _],
  enterMemberPayment:        [_, _, _, _, O, O, _, _, _, _],
  memberDebts:               [_, _, _, _, O, O, _, _, _, _],
  overdueMemberDebts:        [_, _, _, _, O, O, _, _, _, _],
  memberReminderLadder:      [_, _, _, _, O, O, _, _, _, _],
  setMemberReminderLadder:   [_, _, _, _, O, _, _, _, _, _],
  // The IPM's register: its own participants only (the resolver's organisation rule).
  addDependant:              [_, _, _, _, O, O, _, _, _, _],
  dataQualityReport:         [_, _, _, _, O, O, _, _, _, _],
  // Member cards: the IPM holding the beneficiary, the employer for its own workers, the member for its
  // own family (the service's rule); the workforce file's template: those who import a workforce.
  memberCard:                [_, _, _, _, O, O, _, O, _, O],
  workforceTemplate:         [_, _, _, _, O, O, _, O, _, _],
  registerSearch:            [_, _, _, _, O, O, _, _, _, _],
  registerParticipant:       [_, _, _, _, O, O, _, _, _, _],
  // Duplicates: both IPMs party to one see it (the resolver's organisation rule).
  ipmDuplicates:             [_, _, _, _, O, O, _, _, _, _],
  // A workforce file: like a hire, the employer for itself or the IPM's agent for an employer adhering to it.
  importWorkforce:           [_, _, _, _, _, O, _, O, _, _],
  // The rights check: the provider's agent (or its software) only; the log, the provider its own and
  // the IPM its members' (the resolver's organisation rule); its alerts, the IPMs concerned and ICAMO.
  checkRights:               [_, _, _, _, _, _, O, _, _, _],
  rightsCheckText:           [_, _, _, _, _, _, O, _, _, _],
  rightsCheckFhir:           [_, _, _, _, _, _, O, _, _, _],
  rightsChecks:              [_, _, _, _, O, O, O, _, _, _],
  rightsCheckAlerts:         [_, _, O, O, O, O, _, _, _, _],
  // Prior authorisations: the provider's agent asks; the IPM's people decide; either cancels; each
  // reads its own (the resolver's organisation rule: the provider its requests, the IPM those made to it).
  requestPec:                [_, _, _, _, _, _, O, _, _, _],
  decidePec:                 [_, _, _, _, O, O, _, _, _, _],
  cancelPec:                 [_, _, _, _, O, O, O, _, _, _],
  pecRequests:               [_, _, _, _, O, O, O, _, _, _],
  providerAccounts:          [_, _, _, _, _, _, O, _, _, _],
  // The member's own space: the IPM holding the participant invites it; the member reads its own only.
  inviteMember:              [_, _, _, _, O, O, _, _, _, _],
  myCoverage:                [_, _, _, _, _, _, _, _, _, O],
  myDependants:              [_, _, _, _, _, _, _, _, _, O],
  // Quote-parts and reimbursements: the IPM holding the participant; the member its own balance only.
  memberReimbursements:      [_, _, _, _, O, O, _, _, _, _],
  recordReimbursement:       [_, _, _, _, O, O, _, _, _, _],
  markReimbursementPaid:     [_, _, _, _, O, O, _, _, _, _],
  participantBalance:        [_, _, _, _, O, O, _, _, _, _],
  myBalance:                 [_, _, _, _, _, _, _, _, _, O],
};

const allowedTo = (roles: readonly Role[], operation: Operation): boolean =>
  roles.some((role) => REVIEWED[operation][COLUMNS.indexOf(role)] === true);

const MISSING = 'nexiste/pas/DU-TOUT';
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

/** The __typename (or HTTP status) an operation answers for these credentials. */
type Probe = (as: Credentials, person: Person | null) => Promise<string>;

const field = async (query: string, name: string, as: Credentials, variables: Record<string, unknown> = {}) => {
  const answer = await api.gql(query, variables, as);
  expect(answer.errors).toBeUndefined();
  return String(answer.data[name]?.__typename ?? answer.data[name]);
};

const PROBES: Record<Operation, Probe> = {
  me: async (as) => (await api.gql('{ me { id } }', {}, as)).data.me?.id ?? 'null',
  roles: (as) => field('{ roles { __typename } }', 'roles', as),
  organisations: (as) => field('{ organisations { __typename } }', 'organisations', as),
  organisation: (as) => field(`{ organisation(id: "${MISSING}") { __typename } }`, 'organisation', as),
  users: (as) => field('{ users { __typename } }', 'users', as),
  user: (as) => field(`{ user(id: "${MISSING}") { __typename } }`, 'user', as),
  processes: (as) => field('{ processes { __typename } }', 'processes', as),
  process: (as) => field(`{ process(id: "${MISSING}") { __typename } }`, 'process', as),
  cases: (as) => field('{ cases { __typename } }', 'cases', as),
  case: (as) => field(`{ case(id: "${MISSING}") { __typename } }`, 'case', as),
  caseRecords: (as) => field(`{ caseRecords(caseId: "${MISSING}", kind: "x") { __typename } }`, 'caseRecords', as),
  inbox: (as) => field('{ inbox { __typename } }', 'inbox', as),
  startCase: (as) =>
    field(
      `mutation { startCase(input: { processId: "${MISSING}", idempotencyKey: "K-1", input: {} }) { __typename } }`,
      'startCase',
      as,
    ),
  sendEvent: (as) =>
    field(`mutation { sendEvent(input: { caseId: "${MISSING}", event: "x" }) { __typename } }`, 'sendEvent', as),
  assignCase: (as) => field(`mutation { assignCase(caseId: "${MISSING}") { __typename } }`, 'assignCase', as),
  uploadDocument: async (as) => {
    const answer = await api.upload(
      'mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { __typename } }',
      { caseId: MISSING },
      { name: 'piece.pdf', content: PDF },
      as,
    );
    return String(answer.data.uploadDocument?.__typename);
  },
  downloadDocument: async (as) => String((await api.get('/documents/00000000-0000-4000-8000-000000000000', as)).status),
  processBoard: (as) => field(`{ processBoard(processId: "${MISSING}") { __typename } }`, 'processBoard', as),
  portfolio: (as) => field('{ portfolio { __typename } }', 'portfolio', as),
  portfolioReport: async (as) => String((await api.get('/portefeuille/rapport.docx', as)).status),
  // An empty file: read, reported (« fichier vide »), nothing opened.
  importPortfolio: async (as) => {
    const answer = await api.upload(
      'mutation($file: File!) { importPortfolio(file: $file) { __typename } }',
      {},
      { name: 'vide.csv', content: new Uint8Array() },
      as,
    );
    return String(answer.data.importPortfolio?.__typename);
  },
  migrateCases: (as) =>
    field(
      `mutation { migrateCases(input: { processId: "${MISSING}", toVersion: 2, caseIds: ["x"], mapping: [] }) { __typename } }`,
      'migrateCases',
      as,
    ),
  caughtMail: (as) => field('{ caughtMail { __typename } }', 'caughtMail', as),
  notificationPreferences: (as) => field('{ notificationPreferences { __typename } }', 'notificationPreferences', as),
  setNotificationPreference: (as) =>
    field(
      'mutation { setNotificationPreference(kind: "inconnu", mode: "resume") { __typename } }',
      'setNotificationPreference',
      as,
    ),
  caughtMessage: (as) =>
    field('{ caughtMessage(id: "00000000000000000000000000000000") { __typename } }', 'caughtMessage', as),
  supervision: (as) => field('{ supervision { __typename } }', 'supervision', as),
  signOut: async (_as, person) => {
    // A session of its own, so that the table's sessions stay open.
    const own = person ? { cookie: (await api.signIn(person.email, TEST_PASSWORD)).cookie } : null;
    return String((await api.gql('mutation { signOut }', {}, own)).data.signOut);
  },
  createApiToken: (as) => field('mutation { createApiToken(label: "sonde") { __typename } }', 'createApiToken', as),
  revokeApiToken: (as) => field(`mutation { revokeApiToken(id: "${MISSING}") { __typename } }`, 'revokeApiToken', as),
  payloadCodec: async (as) => String((await api.post('/codec/decode', { payloads: [] }, as)).status),
  batch: (as) => field(`{ batch(id: "${MISSING}") { __typename } }`, 'batch', as),
  batches: (as) => field('{ batches { __typename } }', 'batches', as),
  cancelBatch: (as) => field(`mutation { cancelBatch(id: "${MISSING}") { __typename } }`, 'cancelBatch', as),
  // Zero records: refused before anything starts.
  startBatch: (as) => field('mutation { startBatch(records: 0) { __typename } }', 'startBatch', as),
  referentials: (as) => field('{ referentials { __typename } }', 'referentials', as),
  referentialVersion: (as) =>
    field(`{ referentialVersion(id: "${MISSING}") { __typename } }`, 'referentialVersion', as),
  referentialRows: (as) => field(`{ referentialRows(versionId: "${MISSING}") { __typename } }`, 'referentialRows', as),
  referentialVersions: (as) =>
    field(`{ referentialVersions(referential: "${MISSING}") { __typename } }`, 'referentialVersions', as),
  referentialAsOf: (as) =>
    field(
      `{ referentialAsOf(referential: "${MISSING}", codes: ["x"], date: "2026-01-01") { __typename } }`,
      'referentialAsOf',
      as,
    ),
  referentialDiff: (as) =>
    field(`{ referentialDiff(from: "${MISSING}", to: "x") { __typename } }`, 'referentialDiff', as),
  referentialExport: async (as) =>
    String((await api.get(`/referentiels/export/${MISSING.replaceAll('/', '-')}.csv`, as)).status),
  referentialTemplate: async (as) => String((await api.get('/referentiels/modele/inconnu.csv', as)).status),
  rightsAt: (as) =>
    field(`{ rightsAt(beneficiaryId: "${MISSING}", date: "2026-12-01") { __typename } }`, 'rightsAt', as),
  dataQualityReport: (as) => field('{ dataQualityReport { __typename } }', 'dataQualityReport', as),
  addDependant: (as) =>
    field(
      `mutation { addDependant(participantId: "${MISSING}", kind: "enfant", lastName: "x", firstNames: "y", birthDate: "2020-01-01", pieces: []) { __typename } }`,
      'addDependant',
      as,
    ),
  // A referential nobody owns: allowed by the table, then refused as not its owner's agent.
  importReferentialVersion: async (as) => {
    const answer = await api.upload(
      'mutation($file: File!) { importReferentialVersion(referential: "inconnu", title: "x", file: $file) { __typename } }',
      {},
      { name: 'vide.csv', content: new Uint8Array() },
      as,
    );
    return String(answer.data.importReferentialVersion?.__typename);
  },
  decideReferentialVersion: (as) =>
    field(
      `mutation { decideReferentialVersion(versionId: "${MISSING}", decision: rejeter, motif: "x") { __typename } }`,
      'decideReferentialVersion',
      as,
    ),
  // No IPM chosen: refused as input, nothing opened.
  requestAdhesion: (as) => field('mutation { requestAdhesion(input: {}) { __typename } }', 'requestAdhesion', as),
  decideAdhesion: (as) =>
    field(
      `mutation { decideAdhesion(caseId: "${MISSING}", event: "examen.completer") { __typename } }`,
      'decideAdhesion',
      as,
    ),
  adhesions: (as) => field('{ adhesions { __typename } }', 'adhesions', as),
  adhesionIpms: (as) => field('{ adhesionIpms { __typename } }', 'adhesionIpms', as),
  employerWorkers: (as) => field(`{ employerWorkers(employerId: "${MISSING}") { __typename } }`, 'employerWorkers', as),
  declareHire: (as) =>
    field(
      `mutation { declareHire(input: { employerId: "${MISSING}", identifierKind: "nin", identifier: "1000000000000",
        matricule: "M-1", lastName: "Sonde", firstNames: "Test", birthDate: "1990-01-01", sex: "M",
        hireDate: "2026-01-01", salary: 100000 }) { __typename } }`,
      'declareHire',
      as,
    ),
  declareDeparture: (as) =>
    field(
      `mutation { declareDeparture(participantId: "${MISSING}", reason: "depart", date: "2026-06-01") { __typename } }`,
      'declareDeparture',
      as,
    ),
  contributionStatement: (as) =>
    field(`{ contributionStatement(employerId: "${MISSING}") { __typename } }`, 'contributionStatement', as),
  // A period that is none: refused before any batch starts.
  issueContributionCalls: (as) =>
    field(
      'mutation { issueContributionCalls(period: "x", dueDate: "x") { __typename } }',
      'issueContributionCalls',
      as,
    ),
  declarePayroll: (as) =>
    field(
      `mutation { declarePayroll(employerId: "${MISSING}", period: "2026-11", payroll: 1, headcount: 1) { __typename } }`,
      'declarePayroll',
      as,
    ),
  enterPayment: (as) =>
    field(
      `mutation { enterPayment(employerId: "${MISSING}", amount: 1, paidOn: "2026-11-02", reference: "REF-1") { __typename } }`,
      'enterPayment',
      as,
    ),
  // An empty file: refused before anything is read.
  importBankStatement: async (as) => {
    const answer = await api.upload(
      'mutation($file: File!) { importBankStatement(file: $file) { __typename } }',
      {},
      { name: 'vide.csv', content: new Uint8Array() },
      as,
    );
    return String(answer.data.importBankStatement?.__typename);
  },
  reminderLadder: (as) => field('{ reminderLadder { __typename } }', 'reminderLadder', as),
  ipmCollection: (as) => field(`{ ipmCollection(search: "${MISSING}") { __typename } }`, 'ipmCollection', as),
  // No level: refused, nothing written.
  setReminderLadder: (as) =>
    field('mutation { setReminderLadder(levels: []) { __typename } }', 'setReminderLadder', as),
  recordMemberDebt: (as) =>
    field(
      `mutation { recordMemberDebt(participantId: "${MISSING}", kind: "quote_part", reference: "QP-1", label: "Soins", incurredOn: "2026-11-02", amount: 1) { __typename } }`,
      'recordMemberDebt',
      as,
    ),
  cancelMemberDebt: (as) =>
    field(`mutation { cancelMemberDebt(debtId: "${MISSING}") { __typename } }`, 'cancelMemberDebt', as),
  // An empty file: refused before anything is read.
  importMemberDebts: async (as) => {
    const answer = await api.upload(
      'mutation($file: File!) { importMemberDebts(file: $file) { __typename } }',
      {},
      { name: 'vide.csv', content: new Uint8Array() },
      as,
    );
    return String(answer.data.importMemberDebts?.__typename);
  },
  enterMemberPayment: (as) =>
    field(
      `mutation { enterMemberPayment(participantId: "${MISSING}", amount: 1, paidOn: "2026-11-02", reference: "REF-1", mode: "especes") { __typename } }`,
      'enterMemberPayment',
      as,
    ),
  memberDebts: (as) => field(`{ memberDebts(participantId: "${MISSING}") { __typename } }`, 'memberDebts', as),
  overdueMemberDebts: (as) => field('{ overdueMemberDebts { __typename } }', 'overdueMemberDebts', as),
  memberReminderLadder: (as) => field('{ memberReminderLadder { __typename } }', 'memberReminderLadder', as),
  // No level: refused, nothing written.
  setMemberReminderLadder: (as) =>
    field('mutation { setMemberReminderLadder(levels: []) { __typename } }', 'setMemberReminderLadder', as),
  // No identifier: answered « indiquez le numéro de carte », and logged (every check is).
  checkRights: (as) => field('{ checkRights { __typename } }', 'checkRights', as),
  rightsCheckText: async (as) => String((await api.post('/controle/texte', {}, as)).status),
  // Not a CoverageEligibilityRequest: an OperationOutcome (400), no check.
  rightsCheckFhir: async (as) => String((await api.post('/fhir/CoverageEligibilityRequest', {}, as)).status),
  rightsChecks: (as) => field('{ rightsChecks { __typename } }', 'rightsChecks', as),
  inviteMember: (as) =>
    field(`mutation { inviteMember(participantId: "${MISSING}") { __typename } }`, 'inviteMember', as),
  myCoverage: (as) => field('{ myCoverage { __typename } }', 'myCoverage', as),
  myDependants: (as) => field('{ myDependants { __typename } }', 'myDependants', as),
  rightsCheckAlerts: (as) => field('{ rightsCheckAlerts { __typename } }', 'rightsCheckAlerts', as),
  memberCard: async (as) => String((await api.get('/cartes/00000000-0000-4000-8000-000000000000.docx', as)).status),
  workforceTemplate: async (as) => String((await api.get('/effectifs/modele.csv', as)).status),
  registerSearch: (as) =>
    field('{ registerSearch(by: matricule, query: "SONDE-0") { __typename } }', 'registerSearch', as),
  registerParticipant: (as) =>
    field(`{ registerParticipant(id: "${MISSING}") { __typename } }`, 'registerParticipant', as),
  ipmDuplicates: (as) => field('{ ipmDuplicates { __typename } }', 'ipmDuplicates', as),
  // An employer that does not exist: refused before the file is read.
  importWorkforce: async (as) => {
    const answer = await api.upload(
      `mutation($file: File!) { importWorkforce(employerId: "${MISSING}", file: $file) { __typename } }`,
      {},
      { name: 'vide.csv', content: new Uint8Array() },
      as,
    );
    return String(answer.data.importWorkforce?.__typename);
  },
  // A malformed card number: refused by the pre-checks, nothing written.
  requestPec: (as) =>
    field(
      'mutation { requestPec(cardNumber: "x", actCode: "CON001", plannedDate: "2026-12-02") { __typename } }',
      'requestPec',
      as,
    ),
  decidePec: (as) =>
    field(`mutation { decidePec(caseId: "${MISSING}", decision: "accorder") { __typename } }`, 'decidePec', as),
  cancelPec: (as) =>
    field(`mutation { cancelPec(caseId: "${MISSING}", reason: "Erreur de saisie") { __typename } }`, 'cancelPec', as),
  pecRequests: (as) => field('{ pecRequests { __typename } }', 'pecRequests', as),
  memberReimbursements: (as) =>
    field(`{ memberReimbursements(participantId: "${MISSING}") { __typename } }`, 'memberReimbursements', as),
  // Well-formed, for a participant who does not exist: nothing recorded.
  recordReimbursement: (as) =>
    field(
      `mutation { recordReimbursement(participantId: "${MISSING}", reference: "SONDE-1", label: "Sonde",
        incurredOn: "2026-01-01", claimedAmount: 1000, amount: 500) { __typename } }`,
      'recordReimbursement',
      as,
    ),
  markReimbursementPaid: (as) =>
    field(
      `mutation { markReimbursementPaid(id: "${MISSING}", paidOn: "2026-01-02", paymentReference: "SONDE-1") { __typename } }`,
      'markReimbursementPaid',
      as,
    ),
  participantBalance: (as) =>
    field(`{ participantBalance(participantId: "${MISSING}") { __typename } }`, 'participantBalance', as),
  myBalance: (as) => field('{ myBalance { __typename } }', 'myBalance', as),
  providerAccounts: (as) => field('{ providerAccounts { __typename } }', 'providerAccounts', as),
};

/** What an allowed probe answers (it aims at nothing, so mostly NotFoundError). */
const ALLOWED: Record<Operation, string | ((person: Person) => string)> = {
  me: (person) => person.id,
  roles: 'RolesSuccess',
  organisations: 'OrganisationsSuccess',
  organisation: 'NotFoundError',
  users: 'UsersSuccess',
  user: 'NotFoundError',
  processes: 'ProcessesSuccess',
  process: 'NotFoundError',
  cases: 'CasesSuccess',
  case: 'NotFoundError',
  caseRecords: 'NotFoundError',
  inbox: 'InboxSuccess',
  startCase: 'NotFoundError',
  sendEvent: 'NotFoundError',
  assignCase: 'NotFoundError',
  uploadDocument: 'NotFoundError',
  downloadDocument: '404',
  processBoard: 'NotFoundError',
  portfolio: 'Portfolio',
  portfolioReport: '200',
  importPortfolio: 'PortfolioImport',
  migrateCases: 'NotFoundError',
  caughtMail: 'CaughtMailSuccess',
  notificationPreferences: 'NotificationPreferencesSuccess',
  setNotificationPreference: 'InvalidInputError',
  caughtMessage: 'NotFoundError',
  supervision: 'SupervisionSuccess',
  signOut: 'true',
  createApiToken: 'ApiTokenPayload',
  revokeApiToken: 'NotFoundError',
  payloadCodec: '200',
  batch: 'NotFoundError',
  batches: 'BatchesSuccess',
  cancelBatch: 'NotFoundError',
  startBatch: 'InvalidInputError',
  referentials: 'ReferentialsSuccess',
  referentialVersion: 'NotFoundError',
  referentialRows: 'NotFoundError',
  referentialVersions: 'NotFoundError',
  referentialAsOf: 'NotFoundError',
  referentialDiff: 'NotFoundError',
  referentialExport: '404',
  referentialTemplate: '404',
  rightsAt: 'NotFoundError',
  addDependant: 'NotFoundError',
  dataQualityReport: 'DataQualityReport',
  importReferentialVersion: 'NotAllowedError',
  decideReferentialVersion: 'NotFoundError',
  requestAdhesion: 'InvalidInputError',
  decideAdhesion: 'NotFoundError',
  adhesions: 'AdhesionsSuccess',
  adhesionIpms: 'AdhesionIpmsSuccess',
  employerWorkers: 'NotFoundError',
  declareHire: 'NotFoundError',
  declareDeparture: 'NotFoundError',
  contributionStatement: 'NotFoundError',
  issueContributionCalls: 'InvalidInputError',
  declarePayroll: 'NotFoundError',
  enterPayment: 'NotFoundError',
  importBankStatement: 'InvalidInputError',
  reminderLadder: 'ReminderLadder',
  ipmCollection: 'IpmCollection',
  setReminderLadder: 'InvalidInputError',
  recordMemberDebt: 'NotFoundError',
  cancelMemberDebt: 'NotFoundError',
  importMemberDebts: 'InvalidInputError',
  enterMemberPayment: 'NotFoundError',
  memberDebts: 'NotFoundError',
  overdueMemberDebts: 'OverdueMemberDebts',
  memberReminderLadder: 'MemberReminderLadder',
  setMemberReminderLadder: 'InvalidInputError',
  checkRights: 'RightsCheckAnswer',
  rightsCheckText: '200',
  rightsCheckFhir: '400',
  rightsChecks: 'RightsCheckPage',
  rightsCheckAlerts: 'RightsCheckAlertsSuccess',
  memberCard: '404',
  workforceTemplate: '200',
  registerSearch: 'ParticipantRegisterSearch',
  registerParticipant: 'NotFoundError',
  ipmDuplicates: 'IpmDuplicates',
  importWorkforce: 'NotFoundError',
  requestPec: 'InvalidInputError',
  decidePec: 'NotFoundError',
  cancelPec: 'NotFoundError',
  pecRequests: 'PecRequestsSuccess',
  // Nothing to miss: the provider's own accounts, empty or not.
  providerAccounts: 'ProviderAccountsSuccess',
  // A member without an account bound to a participant finds nobody; nor does an IPM a missing participant.
  inviteMember: 'NotFoundError',
  myCoverage: 'NotFoundError',
  myDependants: 'NotFoundError',
  memberReimbursements: 'NotFoundError',
  recordReimbursement: 'NotFoundError',
  markReimbursementPaid: 'NotFoundError',
  participantBalance: 'NotFoundError',
  myBalance: 'NotFoundError',
};
const DENIED: Partial<Record<Operation, string>> = {
  downloadDocument: '403',
  portfolioReport: '403',
  payloadCodec: '403',
  referentialExport: '403',
  referentialTemplate: '403',
  rightsCheckText: '403',
  rightsCheckFhir: '403',
  memberCard: '403',
  workforceTemplate: '403',
};
const SIGNED_OUT: Partial<Record<Operation, string>> = {
  me: 'null',
  downloadDocument: '401',
  portfolioReport: '401',
  payloadCodec: '401',
  signOut: 'true',
  referentialExport: '401',
  referentialTemplate: '401',
  rightsCheckText: '401',
  rightsCheckFhir: '401',
  memberCard: '401',
  workforceTemplate: '401',
};

/** People holding two roles: what they may do is what either role may. */
const TWO_ROLES: { key: string; org: keyof People['organisations']; roles: Role[] }[] = [
  { key: 'agentEtEmployeur', org: 'ipmA', roles: ['agent_ipm', 'employeur'] },
  { key: 'pilotageEtAdmin', org: 'icamo', roles: ['pilotage_icamo', 'administrateur'] },
  { key: 'agentPsEtGerant', org: 'provider', roles: ['agent_ps', 'gerant_ipm'] },
];
const twoRoles = new Map<string, { person: Person; roles: Role[]; cookie: string }>();

async function createTwoRolePeople() {
  const { passwordHash } = await suite.h.prisma.user.findUniqueOrThrow({ where: { id: people.person.agentA.id } });
  for (const { key, org, roles } of TWO_ROLES) {
    const user = await suite.h.prisma.user.create({
      data: {
        email: `${key.toLowerCase()}.${people.organisations[org]}@test.siamo.sn`,
        displayName: key,
        passwordHash,
        organisationId: people.organisations[org],
        roles,
      },
    });
    const person = { ...people.person.agentA, id: user.id, email: user.email, role: roles[0] as Role };
    twoRoles.set(key, { person, roles, cookie: (await api.signIn(user.email, TEST_PASSWORD)).cookie });
  }
}

describe('the permissions table', () => {
  it('names every operation of the schema, and nothing else', () => {
    const rootFields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.keys((type as GraphQLObjectType).getFields()),
    );
    const tabled = [...Object.keys(OPERATIONS), ...PUBLIC_OPERATIONS].filter(
      (op) => !(HTTP_OPERATIONS as readonly string[]).includes(op),
    );
    expect(rootFields.sort()).toEqual(tabled.sort());
  });

  it('is the reviewed table, operation by operation and role by role', () => {
    expect(Object.keys(REVIEWED).sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect([...COLUMNS].sort()).toEqual(
      Object.keys(ROLES)
        .filter((r) => r !== 'systeme')
        .sort(),
    );
    const differences: string[] = [];
    for (const operation of Object.keys(REVIEWED) as Operation[]) {
      for (const role of COLUMNS) {
        const viewer = { roles: [role] } as Viewer;
        if (mayUse(viewer, operation) !== allowedTo([role], operation)) differences.push(`${operation} × ${role}`);
      }
    }
    expect(differences).toEqual([]);
  });

  const expectedAnswer = (operation: Operation, roles: readonly Role[], person: Person) => {
    if (!allowedTo(roles, operation)) return DENIED[operation] ?? 'ForbiddenError';
    const value = ALLOWED[operation];
    return typeof value === 'function' ? value(person) : value;
  };

  describe.each(Object.keys(OPERATIONS) as Operation[])('%s', (operation) => {
    it('answers every role as the reviewed table says', async () => {
      const rows: [Role, string, string][] = [];
      for (const key of BY_ROLE) {
        const person = people.person[key];
        const actual = await PROBES[operation]({ cookie: sessions.get(key) ?? '' }, person);
        rows.push([person.role, expectedAnswer(operation, [person.role], person), actual]);
      }
      expect(rows.map(([role, , actual]) => [role, actual])).toEqual(rows.map(([role, expected]) => [role, expected]));
    });

    it('answers people with two roles as either role may', async () => {
      if (twoRoles.size === 0) await createTwoRolePeople();
      const rows: [string, string, string][] = [];
      for (const [key, { person, roles, cookie }] of twoRoles) {
        const actual = await PROBES[operation]({ cookie }, person);
        rows.push([key, expectedAnswer(operation, roles, person), actual]);
      }
      expect(rows.map(([key, , actual]) => [key, actual])).toEqual(rows.map(([key, expected]) => [key, expected]));
    });

    it('asks whoever is not signed in to sign in', async () => {
      expect(await PROBES[operation](null, null)).toBe(SIGNED_OUT[operation] ?? 'NotSignedInError');
    });
  });
});

describe('the process decides behind the table', () => {
  // startCase and sendEvent pass the table for every case-working role; the process definition then
  // says who may open a case and send which event, and the organisation rule who may see the case.
  // Reviewed expectations, role by role: only the gérant opens an agrément; only the ministry's agent
  // declares it admissible, and an IPM's people other than IPM A's do not even find IPM A's case.
  const START: Record<Role, string> = {
    agent_ministere: 'NotAllowedError',
    directeur_ministere: 'NotAllowedError',
    analyste_icamo: 'NotAllowedError',
    pilotage_icamo: 'ForbiddenError',
    gerant_ipm: 'StartCasePayload',
    agent_ipm: 'NotAllowedError',
    agent_ps: 'NotAllowedError',
    employeur: 'NotAllowedError',
    administrateur: 'ForbiddenError',
    systeme: 'ForbiddenError',
    assure: 'ForbiddenError',
  };
  const ADMIT: Record<Role, string> = {
    agent_ministere: 'CasePayload',
    directeur_ministere: 'NotAllowedError',
    analyste_icamo: 'NotAllowedError',
    pilotage_icamo: 'NotAllowedError',
    gerant_ipm: 'NotAllowedError',
    agent_ipm: 'NotAllowedError',
    agent_ps: 'NotFoundError',
    employeur: 'NotFoundError',
    administrateur: 'ForbiddenError',
    systeme: 'ForbiddenError',
    assure: 'ForbiddenError',
  };

  it('lets only the gérant open an agrément', async () => {
    const rows: [Role, string, string][] = [];
    for (const key of BY_ROLE) {
      const person = people.person[key];
      const answer = await api.gql(
        `mutation($input: StartCaseInput!) { startCase(input: $input) { __typename } }`,
        { input: { processId: 'agrement', idempotencyKey: uniqueKey('PERM'), input: OPENING } },
        { cookie: sessions.get(key) ?? '' },
      );
      rows.push([person.role, START[person.role], answer.data.startCase.__typename]);
    }
    expect(rows.map(([r, , a]) => [r, a])).toEqual(rows.map(([r, e]) => [r, e]));
  });

  it('lets each role send only its events, on the cases it may see', async () => {
    const l = licensing(api);
    const rows: [Role, string, string][] = [];
    // A case of IPM A, submitted: the ministry agent may now declare it admissible. A refused event
    // leaves it as it is; once one is accepted, the next role gets a fresh submitted case.
    let caseId = '';
    for (const key of BY_ROLE) {
      if (!caseId) caseId = await l.submitted(people.person.gerantA);
      expect((await l.read(people.person.gerantA, caseId)).state).toBe('soumis');
      const person = people.person[key];
      const answer = await api.gql(
        'mutation($caseId: ID!, $input: JSON) { sendEvent(input: { caseId: $caseId, event: "recevabilite.valider", input: $input }) { __typename } }',
        { caseId, input: { piecesVerifiees: PIECES } },
        { cookie: sessions.get(key) ?? '' },
      );
      const actual = answer.data.sendEvent.__typename;
      rows.push([person.role, ADMIT[person.role], actual]);
      if (actual === 'CasePayload') caseId = '';
    }
    expect(rows.map(([r, , a]) => [r, a])).toEqual(rows.map(([r, e]) => [r, e]));
  });
});
