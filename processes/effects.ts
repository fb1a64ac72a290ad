import { type FieldName, typed } from './define.ts';
import type { JsonValue } from './model.ts';
import { isRole, type Role } from './roles.ts';

// The catalogue of effects a definition may name: their parameters are checked here, their
// implementations live in `activities/effects/`, keyed by the same names (the compiler enforces it).
// Domains add effects, kinds of message and document and number sequences of their own
// (`processes/catalogue.ts`): the catalogues below start with the engine's and grow as they register.

/** Kinds of notification (`notifier`'s `modele`) with their French names; their templates live in `services/mail/templates/`. */
export const NOTIFICATION_KINDS: Record<string, string> = {
  action_requise: 'Un dossier attend votre action',
  echeance_proche: 'Une échéance approche',
  retard: 'Une étape est en retard',
  escalade: 'Une étape en retard vous est signalée',
  decision: 'Une décision a été prise',
  echeance_element: 'Une échéance de votre dossier approche',
  retard_element: 'Une échéance de votre dossier est dépassée',
  escalade_element: 'Une échéance dépassée vous est signalée',
};

/** A key of NOTIFICATION_KINDS (checked by `processes:check` and at registration, not by the compiler). */
export type NotificationKind = string;

/** Official documents a transition may generate (the engine has none of its own: domains bring them). */
export const DOCUMENT_KINDS: Record<string, string> = {};

export type DocumentKind = string;

export const isDocumentKind = (value: unknown): value is DocumentKind =>
  typeof value === 'string' && Object.hasOwn(DOCUMENT_KINDS, value);

export interface EffectSpec {
  description: string;
  checkParams(params: Record<string, JsonValue>): string | undefined;
  /**
   * The answer to the event waits for it (a bounded time): what it makes — a document, a linked case —
   * is read by the caller right after. Others (mail, events to other cases) go on in the background.
   */
  awaited?: true;
}

/** Sequences of official numbers a linked case may be given (its business key and its `numero`), with their prefix. */
export const NUMBER_SEQUENCES: Record<string, string> = {};

export type NumberSequence = string;

const isFieldMap = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string');

export const EFFECTS = {
  notifier: typed<{
    modele: string;
    destinataires: readonly Role[];
    responsable?: boolean;
    objet?: string;
    jour?: string;
  }>()({
    description:
      'Notifie les titulaires d’un rôle (`destinataires`) avec un message du `modele` donné. Avec `responsable`, ' +
      'la personne à qui le dossier est attribué, et les `destinataires` seulement tant que personne ne l’est ; ' +
      '`objet` et `jour` nomment ce qui est attendu et le jour où il l’est.',
    checkParams: (p) => {
      if (typeof p.modele !== 'string' || !Object.hasOwn(NOTIFICATION_KINDS, p.modele))
        return `modele doit être l’un de : ${Object.keys(NOTIFICATION_KINDS).join(', ')}`;
      if (!Array.isArray(p.destinataires) || p.destinataires.length === 0 || !p.destinataires.every(isRole))
        return 'destinataires doit être une liste non vide de rôles';
      if (p.responsable !== undefined && typeof p.responsable !== 'boolean')
        return 'responsable doit valoir vrai ou faux';
      if (p.objet !== undefined && typeof p.objet !== 'string') return 'objet doit être un texte';
      if (p.jour !== undefined && (typeof p.jour !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.jour)))
        return 'jour doit être une date AAAA-MM-JJ';
      return undefined;
    },
  }),
  generer_document: typed<{ modele: string }>()({
    awaited: true,
    description: 'Produit le document officiel du `modele` donné (Word, numéroté) et le range dans le dossier.',
    checkParams: (p) => {
      if (!isDocumentKind(p.modele)) return `modele doit être l’un de : ${Object.keys(DOCUMENT_KINDS).join(', ')}`;
      const unknown = Object.keys(p).filter((name) => name !== 'modele');
      if (unknown.length > 0) return `paramètre inconnu : ${unknown.join(', ')}`;
      return undefined;
    },
  }),
  ouvrir_dossier: typed<{ processus: string; donnees?: Record<string, FieldName>; numero?: string }>()({
    awaited: true,
    description:
      'Ouvre un dossier lié du `processus` donné (le dossier courant en est le parent), avec les `donnees` ' +
      '{ champ du nouveau dossier: champ du dossier courant }. Avec `numero`, il reçoit le prochain numéro officiel de ' +
      'cette séquence, qui devient sa clé et son champ « numero ».',
    checkParams: (p) => {
      if (typeof p.processus !== 'string' || !p.processus) return 'processus doit nommer un processus';
      if (p.donnees !== undefined && !isFieldMap(p.donnees))
        return 'donnees doit associer des champs du nouveau dossier à des champs du dossier courant';
      if (p.numero !== undefined && (typeof p.numero !== 'string' || !Object.hasOwn(NUMBER_SEQUENCES, p.numero)))
        return `numero doit être l’une des séquences : ${Object.keys(NUMBER_SEQUENCES).join(', ')}`;
      return undefined;
    },
  }),
  transmettre: typed<{ vers: 'parent'; evenement: string; donnees?: Record<string, FieldName> }>()({
    description:
      'Envoie l’`evenement` au dossier parent (celui qui a ouvert le dossier courant), avec les `donnees` ' +
      '{ champ de l’événement: champ du dossier courant }. Le parent le reçoit du rôle systeme.',
    checkParams: (p) => {
      if (p.vers !== 'parent') return 'vers doit valoir « parent »';
      if (typeof p.evenement !== 'string' || !p.evenement)
        return 'evenement doit nommer un événement du dossier parent';
      if (p.donnees !== undefined && !isFieldMap(p.donnees))
        return 'donnees doit associer des champs de l’événement à des champs du dossier courant';
      return undefined;
    },
  }),
  transmettre_aux_dependants: typed<{
    evenement: string;
    liste: FieldName;
    cle: string;
    valeur: FieldName;
    donnees?: Record<string, FieldName>;
  }>()({
    description:
      'Envoie l’`evenement` aux dossiers ouverts du même processus et de la même organisation dont la liste ' +
      '`liste` a un élément dont le champ `cle` vaut le champ `valeur` du dossier courant (les projets qui ' +
      'attendent celui-ci), avec les `donnees` { champ de l’événement: champ du dossier courant }. Ils le ' +
      'reçoivent du rôle systeme.',
    checkParams: (p) => {
      if (typeof p.evenement !== 'string' || !p.evenement) return 'evenement doit nommer un événement';
      for (const name of ['liste', 'cle', 'valeur'] as const)
        if (typeof p[name] !== 'string' || !p[name]) return `${name} doit nommer un champ`;
      if (p.donnees !== undefined && !isFieldMap(p.donnees))
        return 'donnees doit associer des champs de l’événement à des champs du dossier courant';
      return undefined;
    },
  }),
} satisfies Record<string, EffectSpec>;

/** The engine's effects, whose implementations `activities/index.ts` must have. */
export type EffectName = keyof typeof EFFECTS;

/** Every effect a definition may name: the engine's, and those of the registered domains. */
export const ALL_EFFECTS: Record<string, EffectSpec> = { ...EFFECTS };

export const isEffectName = (name: string): boolean => Object.hasOwn(ALL_EFFECTS, name);

/** Whether an event's answer waits for this effect (`EffectSpec.awaited`). */
export const isAwaitedEffect = (name: string): boolean => ALL_EFFECTS[name]?.awaited === true;
