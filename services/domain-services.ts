import type { ActivityDependencies } from '../activities/index.ts';
import type { PrismaClient } from '../prisma/client.ts';
import { addEntries } from '../processes/catalogue.ts';
import type { ComputationSource } from '../processes/computations.ts';
import type { JsonValue } from '../processes/model.ts';
import type { Role } from '../processes/roles.ts';
import type { EffectRequest } from '../workflows/types.ts';
import type { DocumentTemplate } from './documents/templates/types.ts';
import type { MessageContent, MessageData } from './mail/templates/layout.ts';
import type { Viewer } from './viewer.ts';

// The server half of a domain (its pure half is its `DomainModule`, `processes/domain.ts`): what runs
// only on the server — the activities of its own effects, the templates of its messages and official
// documents. `services/domains.ts` lists the product's; a test registers its own.

export type EffectImplementation = (deps: ActivityDependencies, effect: EffectRequest) => Promise<void>;

/** What a computation reads with: its parameters, and the case as the event finds it. */
export interface ComputationArgs {
  caseId: string;
  processId: string;
  organisationId: string | null;
  params: Record<string, JsonValue>;
  /** The case's data before the event, with the values of the transition's earlier computations. */
  context: Record<string, unknown>;
  /** The event's input, already validated. */
  input: Record<string, unknown>;
  /** When the event happens (epoch ms, the workflow's clock); the business date is a parameter of its own. */
  at: number;
}

/**
 * A computation's answer: its value and the source it read it from (which referential, which
 * version, as of which business date), or a French refusal saying what is missing and what to do
 * (no tariff in force on that date). A database that is away is thrown, not refused: it is retried.
 */
export type ComputationResult = { value: JsonValue; source?: ComputationSource } | { refusal: string };

export type ComputationImplementation = (
  deps: ActivityDependencies,
  args: ComputationArgs,
) => Promise<ComputationResult>;

export type MailTemplate = (data: MessageData) => MessageContent;

/** A person's request, as a process's checks see it before it reaches the case. */
export interface ProcessCheckRequest {
  viewer: Viewer;
  /** The role they act under (the one the engine will check against the definition). */
  role: Role;
  /** The form, not yet validated by the case. */
  input: Record<string, unknown>;
}

export interface EventCheckRequest extends ProcessCheckRequest {
  caseId: string;
  event: string;
  /** The case's state as its projection shows it. */
  state: string;
}

/**
 * What a process's rules need of the database before a person's request reaches its case — the
 * workflow cannot read it: who acts for whom (a referential's owner), what another case holds. Each
 * throws a SiamoError in French to refuse; nothing is then opened or changed.
 */
export interface ProcessChecks {
  /** Before a person opens a case of the process. */
  start?: (prisma: PrismaClient, request: ProcessCheckRequest) => Promise<void>;
  /** Before a person's event is sent to a case of the process, whatever the way (API, portal, upload). */
  event?: (prisma: PrismaClient, request: EventCheckRequest) => Promise<void>;
}

export interface DomainServices {
  /** The id of its `DomainModule`. */
  id: string;
  /** The activity of each effect its module declares. */
  effects?: Readonly<Record<string, EffectImplementation>>;
  /** The implementation of each computation its module declares: it reads outside the case. */
  computations?: Readonly<Record<string, ComputationImplementation>>;
  /** The French template of each kind of notification its module declares. */
  mailTemplates?: Readonly<Record<string, MailTemplate>>;
  /** The template of each kind of official document its module declares. */
  documentTemplates?: Readonly<Record<string, DocumentTemplate>>;
  /** Activities of its own workflows (a daily run), built from the worker's dependencies. */
  activities?: (deps: ActivityDependencies) => Readonly<Record<string, (...args: never[]) => Promise<unknown>>>;
  /** The checks of each of its processes (by process id) that read the database before a request. */
  processChecks?: Readonly<Record<string, ProcessChecks>>;
}

export const DOMAIN_EFFECTS: Record<string, EffectImplementation> = {};
export const DOMAIN_COMPUTATIONS: Record<string, ComputationImplementation> = {};
export const DOMAIN_MAIL_TEMPLATES: Record<string, MailTemplate> = {};
export const DOMAIN_DOCUMENT_TEMPLATES: Record<string, DocumentTemplate> = {};
export const DOMAIN_PROCESS_CHECKS: Record<string, ProcessChecks> = {};

const registered: DomainServices[] = [];

/** The registered domains' own activities, for the worker (`activities/index.ts`). */
export function domainActivities(deps: ActivityDependencies): Record<string, (...args: never[]) => Promise<unknown>> {
  return Object.assign({}, ...registered.map((services) => services.activities?.(deps) ?? {}));
}

/** Registers a domain's server half. Idempotent. */
export function registerDomainServices(services: DomainServices): void {
  if (registered.includes(services)) return;
  addEntries('l’effet', services.id, DOMAIN_EFFECTS, services.effects);
  addEntries('la donnée calculée', services.id, DOMAIN_COMPUTATIONS, services.computations);
  addEntries('le modèle de message', services.id, DOMAIN_MAIL_TEMPLATES, services.mailTemplates);
  addEntries('le modèle de document', services.id, DOMAIN_DOCUMENT_TEMPLATES, services.documentTemplates);
  addEntries('les contrôles du processus', services.id, DOMAIN_PROCESS_CHECKS, services.processChecks);
  registered.push(services);
}
