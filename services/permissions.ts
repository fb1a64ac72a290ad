import type { DomainModule, OperationRight } from '../processes/domain.ts';
import { DOMAINS } from '../processes/domains.ts';
import { isRole, PLATFORM_ROLE_NAMES, type Role } from '../processes/roles.ts';
import { BATCH_JOB_KINDS } from './batches/kinds.ts';
import type { Viewer } from './viewer.ts';

// Which roles may use each operation of the API, in one table that the resolvers, the document
// download route and the table-driven test all read. It is the first gate; behind it, the
// organisation rule (services/case-access.ts, services/people/person-access.ts) narrows what is seen,
// and the process definitions decide which events a role may send in which state. The platform's
// operations are listed here; each domain brings its own rows (`operations` of its module,
// `processes/<domain>/domain.ts`), merged below.

/**
 * The platform's roles a person may hold (`systeme` is the engine's): people who work in an
 * organisation's cases and see its people. A role a domain adds (a member, a referential's owner) gets
 * only the operations on one's own session (`SELF_OPERATIONS`) and what its module's operations grant:
 * never, by default, the cases and people of its organisation.
 */
const EVERYONE: Role[] = PLATFORM_ROLE_NAMES.filter((role) => role !== 'systeme');

/**
 * Roles that work on cases. ICAMO steering follows and reports but does not act on a case; the
 * administrator runs the platform, not the files.
 */
const CASE_WORKERS = EVERYONE.filter((role) => role !== 'pilotage_icamo' && role !== 'administrateur');

/** Those who hand out work in their organisation. */
const MANAGERS: Role[] = ['gerant_ipm', 'directeur_ministere', 'pilotage_icamo'];

/** Those who steer processes nationally: the ministry, ICAMO, and the platform's administrator. */
const STEERING: Role[] = [
  'agent_ministere',
  'directeur_ministere',
  'analyste_icamo',
  'pilotage_icamo',
  'administrateur',
];

/** Batches: the platform's administrator, and the roles a job kind names (each batch checks its kind's). */
const BATCH_RUNNERS: Role[] = ['administrateur', ...new Set(BATCH_JOB_KINDS.flatMap((kind) => kind.roles))];

const PLATFORM_OPERATIONS = {
  // People and organisations (each sees only what the organisation rule lets them).
  me: EVERYONE,
  roles: EVERYONE,
  organisations: EVERYONE,
  organisation: EVERYONE,
  users: EVERYONE,
  user: EVERYONE,
  // Processes: the definitions are the same for everyone.
  processes: EVERYONE,
  process: EVERYONE,
  // Cases.
  cases: EVERYONE,
  case: EVERYONE,
  caseRecords: EVERYONE,
  inbox: EVERYONE,
  startCase: CASE_WORKERS,
  // ICAMO steering also takes the steering committee's decisions on the portfolio's projects
  // (overriding a prerequisite, suspending, revising a plan): the definitions say which.
  sendEvent: [...CASE_WORKERS, 'pilotage_icamo'],
  assignCase: MANAGERS,
  uploadDocument: CASE_WORKERS,
  downloadDocument: EVERYONE,
  // Where the cases of a process stand, for those who steer it.
  processBoard: STEERING,
  // Moving running cases to another version of their process: the platform's administrator.
  migrateCases: ['administrateur'],
  // The local mail catcher (no SMTP_URL): what Siamo would have sent, for the platform's administrators.
  caughtMail: ['administrateur'],
  caughtMessage: ['administrateur'],
  // The platform's health, backups and sign-in alerts.
  supervision: ['administrateur'],
  // Temporal's payloads decrypted for its web UI (the codec endpoint): personal data, hence the platform's administrators.
  payloadCodec: ['administrateur'],
  // One's own way of receiving messages.
  notificationPreferences: EVERYONE,
  setNotificationPreference: EVERYONE,
  // Sessions and tokens: one's own (the administrator's for anyone).
  signOut: EVERYONE,
  createApiToken: EVERYONE,
  revokeApiToken: EVERYONE,
  // Batch jobs over many records; the synthetic one, which proves the runner, is the administrator's.
  batch: BATCH_RUNNERS,
  batches: BATCH_RUNNERS,
  cancelBatch: BATCH_RUNNERS,
  startBatch: ['administrateur'],
} as const satisfies Record<string, readonly Role[]>;

type OperationsOf<M> = M extends { operations: infer O } ? O : Record<never, never>;

/** The operations the product's domains add, by name (literal types, so that `authorize` stays checked). */
type DomainOperations = UnionToIntersection<OperationsOf<(typeof DOMAINS)[number]>>;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

const domainRights = (pick: (right: OperationRight) => unknown) =>
  Object.fromEntries(
    (DOMAINS as readonly DomainModule[]).flatMap((domain) =>
      Object.entries(domain.operations ?? {}).map(([name, right]) => {
        if (Object.hasOwn(PLATFORM_OPERATIONS, name))
          throw new Error(`Le domaine « ${domain.id} » redéfinit l’opération « ${name} » de la plateforme.`);
        return [name, pick(right)];
      }),
    ),
  );

/** Who may use each operation: the platform's, then each domain's. */
export const OPERATIONS = {
  ...PLATFORM_OPERATIONS,
  ...(domainRights((right) => right.roles) as { [K in keyof DomainOperations]: readonly Role[] }),
};

export type Operation = keyof typeof OPERATIONS;

/** Operations served by an HTTP route of their own rather than a field of the GraphQL schema. */
export const HTTP_OPERATIONS: readonly Operation[] = [
  'downloadDocument',
  'payloadCodec',
  ...((DOMAINS as readonly DomainModule[]).flatMap((d) => d.httpOperations ?? []) as Operation[]),
];

/**
 * Operations open to anyone, signed in or not: signing in and its later steps (each proves the earlier
 * ones with the challenge they handed out, or acts on the caller's own session), and those the domains
 * open (the public register of licensed IPMs).
 */
export const PUBLIC_OPERATIONS: readonly string[] = [
  'signIn',
  'signInWithCode',
  'startTotpEnrolment',
  'confirmTotpEnrolment',
  'changePassword',
  ...(DOMAINS as readonly DomainModule[]).flatMap((d) => d.publicOperations ?? []),
];

/** Operations on one's own session and account, open to every role a person may hold, a domain's included. */
const SELF_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'me',
  'roles',
  'signOut',
  'createApiToken',
  'revokeApiToken',
  'notificationPreferences',
  'setNotificationPreference',
]);

/** The role under which `viewer` may use `operation`; undefined when none of theirs may. */
export const roleFor = (viewer: Viewer, operation: Operation): Role | undefined =>
  viewer.roles.find(
    (role) =>
      (OPERATIONS[operation] as readonly Role[]).includes(role) ||
      (SELF_OPERATIONS.has(operation) && role !== 'systeme' && isRole(role)),
  );

export const mayUse = (viewer: Viewer, operation: Operation): boolean => roleFor(viewer, operation) !== undefined;

/** The French name of each operation, for the messages that refuse it. */
const PLATFORM_LABELS: Record<keyof typeof PLATFORM_OPERATIONS, string> = {
  me: 'consulter son profil',
  roles: 'consulter les rôles',
  organisations: 'consulter les organisations',
  organisation: 'consulter une organisation',
  users: 'consulter les personnes',
  user: 'consulter une personne',
  processes: 'consulter les processus',
  process: 'consulter un processus',
  cases: 'consulter les dossiers',
  case: 'consulter un dossier',
  caseRecords: 'consulter les enregistrements d’un dossier',
  inbox: 'consulter sa corbeille',
  startCase: 'ouvrir un dossier',
  sendEvent: 'agir sur un dossier',
  assignCase: 'attribuer un dossier',
  uploadDocument: 'déposer un document',
  downloadDocument: 'télécharger un document',
  processBoard: 'consulter le tableau de bord d’un processus',
  migrateCases: 'changer des dossiers de version',
  caughtMail: 'consulter les courriels retenus',
  caughtMessage: 'lire un courriel retenu',
  supervision: 'consulter la supervision de la plateforme',
  payloadCodec: 'décoder les données chiffrées de Temporal',
  notificationPreferences: 'consulter ses préférences de courriel',
  setNotificationPreference: 'choisir ses préférences de courriel',
  signOut: 'se déconnecter',
  createApiToken: 'créer un jeton d’accès',
  revokeApiToken: 'révoquer un jeton d’accès',
  batch: 'suivre un traitement par lots',
  batches: 'consulter les traitements par lots',
  cancelBatch: 'annuler un traitement par lots',
  startBatch: 'lancer un traitement par lots',
};

export const OPERATION_LABELS = {
  ...PLATFORM_LABELS,
  ...(domainRights((right) => right.label) as Record<keyof DomainOperations, string>),
} as Record<Operation, string>;
