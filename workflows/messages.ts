import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Role } from '../processes/roles.ts';
import type {
  Actor,
  CaseView,
  LinkedEventRequest,
  MigrateRequest,
  OpenedCase,
  SendEventRequest,
  TransitionResult,
} from './types.ts';

/**
 * Sends an event to a case. Refused events never enter the history (update validator). Runs that began
 * before slim answers answer the whole case view (a superset of TransitionResult).
 */
export const sendEventUpdate = defineUpdate<TransitionResult, [SendEventRequest]>('dossier.evenement');

/** Completes once the case's opening is in the database, so a caller's next read sees the case. */
export const openedUpdate = defineUpdate<OpenedCase, [Actor]>('dossier.ouverture');

/** The case as seen by a role: state, data and the events that role may send now. */
export const caseViewQuery = defineQuery<CaseView, [Role]>('dossier.vue');

/** An event from a linked case (a renewal granted, for its licence): taken under the `systeme` role. */
export const linkedEventUpdate = defineUpdate<TransitionResult, [LinkedEventRequest]>('dossier.evenementLie');

/** Moves the case to another version of its process, with a mapping of states checked first. */
export const migrateUpdate = defineUpdate<TransitionResult, [MigrateRequest]>('dossier.migrer');
