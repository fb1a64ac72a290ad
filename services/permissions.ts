import { ROLES, type Role } from '../processes/roles.ts';
import { BATCH_JOB_KINDS } from './batches/kinds.ts';
import type { Viewer } from './viewer.ts';

// Which roles may use each operation of the API, in one table that the resolvers, the document
// download route and the table-driven test all read. It is the first gate; behind it, the
// organisation rule (services/case-access.ts, services/people/person-access.ts) narrows what is seen,
// and the process definitions decide which events a role may send in which state.

/** Every role a person may hold (`systeme` is the engine's). */
const EVERYONE = (Object.keys(ROLES) as Role[]).filter((role) => role !== 'systeme');

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

export const OPERATIONS = {
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
  // The master plan's portfolio (projects, budget, milestones, the steering committee's Word report):
  // national steering, the ministry included as ICAMO's supervising authority. Importing the plan's
  // file is the steering committee's.
  portfolio: STEERING,
  portfolioReport: STEERING,
  importPortfolio: ['pilotage_icamo'],
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

export type Operation = keyof typeof OPERATIONS;

/** Operations served by an HTTP route of their own rather than a field of the GraphQL schema. */
export const HTTP_OPERATIONS: readonly Operation[] = ['downloadDocument', 'portfolioReport', 'payloadCodec'];

/**
 * Operations open to anyone, signed in or not: signing in and its later steps (each proves the earlier
 * ones with the challenge they handed out, or acts on the caller's own session), and the public
 * register of licensed IPMs.
 */
export const PUBLIC_OPERATIONS = [
  'signIn',
  'signInWithCode',
  'startTotpEnrolment',
  'confirmTotpEnrolment',
  'changePassword',
  'register',
  'registerEntry',
] as const;

/** The role under which `viewer` may use `operation`; undefined when none of theirs may. */
export const roleFor = (viewer: Viewer, operation: Operation): Role | undefined =>
  viewer.roles.find((role) => (OPERATIONS[operation] as readonly Role[]).includes(role));

export const mayUse = (viewer: Viewer, operation: Operation): boolean => roleFor(viewer, operation) !== undefined;

/** The French name of each operation, for the messages that refuse it. */
export const OPERATION_LABELS: Record<Operation, string> = {
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
  inbox: 'consulter sa corbeille',
  startCase: 'ouvrir un dossier',
  sendEvent: 'agir sur un dossier',
  assignCase: 'attribuer un dossier',
  uploadDocument: 'déposer un document',
  downloadDocument: 'télécharger un document',
  processBoard: 'consulter le tableau de bord d’un processus',
  portfolio: 'consulter le portefeuille de projets du SDSI',
  portfolioReport: 'télécharger le rapport d’avancement du portefeuille',
  importPortfolio: 'importer le portefeuille de projets du SDSI',
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
