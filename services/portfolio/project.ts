import type { MonthKey } from '../../processes/calendar.ts';

// A project of the master plan (SDSI) as the plan states it: what the import reads from the
// portfolio file, before any case exists for it.

export type Axis = 1 | 2 | 3 | 4;

export const AXES: readonly Axis[] = [1, 2, 3, 4];

export const AXIS_LABELS: Record<Axis, string> = {
  1: 'Gouvernance du SIAMO et renforcement de l’ICAMO',
  2: 'Renforcement du modèle IPM',
  3: 'Services aux bénéficiaires et aux prestataires',
  4: 'Accompagnement de la transformation',
};

/** « Axe 2 — Renforcement du modèle IPM » */
export const axisTitle = (axis: Axis): string => `Axe ${axis} — ${AXIS_LABELS[axis]}`;

export type Phase = 'court' | 'moyen' | 'long';

export const PHASES: readonly Phase[] = ['court', 'moyen', 'long'];

export const PHASE_LABELS: Record<Phase, string> = {
  court: 'court terme',
  moyen: 'moyen terme',
  long: 'long terme',
};

/** The columns of the portfolio file, in the plan's order. */
export const PORTFOLIO_COLUMNS = [
  'numero',
  'titre',
  'axe',
  'phase',
  'priorite',
  'debut',
  'duree_mois',
  'cout_mfcfa',
  'gouvernance',
  'acteurs',
  'prerequis',
] as const;

export type PortfolioColumn = (typeof PORTFOLIO_COLUMNS)[number];

/**
 * A prerequisite as the plan words it. « Projet 3 » is a dependency on project 3 when the portfolio has
 * one; a project number the portfolio lacks stays an unresolved reference (never a dependency, so it
 * blocks nothing until someone corrects the plan); anything else is an external condition.
 */
export type Prerequisite =
  | { kind: 'project'; project: number; note: string | null; text: string }
  | { kind: 'unknown-project'; project: number; note: string | null; text: string }
  | { kind: 'condition'; text: string };

export interface PortfolioProject {
  number: number;
  title: string;
  /** `null` when the file's value was not an axis of the plan (reported). */
  axis: Axis | null;
  phase: Phase | null;
  priority: number | null;
  /** Planned start month. */
  start: MonthKey | null;
  durationMonths: number | null;
  /** Planned cost in francs CFA (the file gives millions with decimals). */
  costFcfa: number | null;
  governance: string;
  actors: string[];
  prerequisites: Prerequisite[];
  /** Numbers of the projects this one depends on: the `project` prerequisites, in the plan's order. */
  dependsOn: number[];
  /** Line of the file the project was read from. */
  line: number;
  /** Values the import could not read, as the file wrote them (« échelonné sur la durée du SDSI »). */
  unread: { column: PortfolioColumn; text: string }[];
}
