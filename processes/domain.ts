import type { CalculationImplementation } from './calculations.ts';
import type { ComputationSpec } from './computations.ts';
import type { EffectSpec } from './effects.ts';
import type { GuardImplementation } from './guards.ts';
import type { ProcessDefinition } from './model.ts';
import type { RecordKind } from './records.ts';
import type { Role } from './roles.ts';

// What a domain (licensing, the portfolio, and the next ones) hands the engine, in one object: its
// process definitions and the rules they name, the kinds of messages and documents they produce, the
// API operations it adds with who may use them, its menu entries and its board. This part is pure
// data and pure functions, so that the workflow bundle can hold it (`processes/domains.ts` lists the
// product's domains). What runs on the server only — effect activities, mail and document templates —
// is the domain's `DomainServices` (`services/domain-services.ts`); its GraphQL types sit in
// `schema/<domain>/`.

/** One row of the permissions table: who may use an operation, and its French name for refusals. */
export interface OperationRight {
  roles: readonly Role[];
  label: string;
}

/** An entry of the portal's menu. */
export interface MenuEntry {
  href: string;
  label: string;
  /** Shown to people whose roles may use this operation of the permissions table; unset: to everyone signed in. */
  operation?: string;
  /** Also shown to visitors who have not signed in, under this label. */
  publicLabel?: string;
  /** Place among the domains' entries (lower first). */
  position: number;
}

export interface DomainModule {
  /** ASCII, the domain's folder name in each top-level folder (`licensing`, `portfolio`). */
  id: string;
  title: string;
  /** Roles it adds, with their French names (their names join `DomainRoles`, `processes/roles.ts`). */
  roles?: Readonly<Record<string, string>>;
  /** Every version it deploys; old versions stay as long as cases may run on them. */
  definitions: readonly ProcessDefinition[];
  /** Guards, calculations and effects its definitions may name, besides the engine's. */
  guards?: Readonly<Record<string, GuardImplementation>>;
  calculations?: Readonly<Record<string, CalculationImplementation>>;
  effects?: Readonly<Record<string, EffectSpec>>;
  /** Computations its transitions may call (`compute`): what they give; their implementations are its server half's. */
  computations?: Readonly<Record<string, ComputationSpec>>;
  /** The kinds of record its cases own, each in a table of its own that its migration creates (`processes/records.ts`). */
  records?: Readonly<Record<string, RecordKind>>;
  /** Kinds of notification (`notifier`'s `modele`) and of official document (`generer_document`) it adds, with their French names. */
  notificationKinds?: Readonly<Record<string, string>>;
  documentKinds?: Readonly<Record<string, string>>;
  /** Sequences of official numbers its linked cases may be given (`ouvrir_dossier`'s `numero`), with their prefix. */
  numberSequences?: Readonly<Record<string, string>>;
  /** Operations of the API it adds, with their rights (rows of `services/permissions.ts`). */
  operations?: Readonly<Record<string, OperationRight>>;
  /** Of its operations, those served by an HTTP route of their own rather than a GraphQL field. */
  httpOperations?: readonly string[];
  /** Operations it adds that are open to anyone, signed in or not. */
  publicOperations?: readonly string[];
  menu?: readonly MenuEntry[];
  /** Processes the steering board (`/tableau`) offers, in order. */
  board?: readonly string[];
}

/** Keeps a module's literal types (operation names), so that the permissions table stays typed. */
export const defineDomain = <const M extends DomainModule>(module: M): M => module;
