import type { DayKey } from '../../processes/calendar.ts';
import type { Milestone } from '../../processes/portfolio/schedule.ts';
import { formatMf } from './mf-amounts.ts';
import { AXES, type Axis, PHASES, type Phase, type PortfolioProject } from './project.ts';
import { PROJECT_STATES, type ProjectState } from './project-state.ts';

// A project of the plan as the `projet` process holds it: the opening data the import gives a case,
// and what the portfolio's screens and report read back from a case's data. The case's data is the
// one source of what happened (start, milestones, reports, end); the plan's values are those it was
// opened with, or revised to by the steering committee.

export const PROJECT_PROCESS = 'projet';

/** `SDSI-07`: the case's business key, from the plan's number. */
export const projectKey = (number: number): string => `SDSI-${String(number).padStart(2, '0')}`;

/** The opening data of a project's case; `pending` are the prerequisite projects not completed yet. */
export function projectCaseInput(project: PortfolioProject, pending: readonly number[]): Record<string, unknown> {
  const input: Record<string, unknown> = {
    numero: project.number,
    ...(project.title ? { titre: project.title } : {}),
    ...(project.axis !== null ? { axe: String(project.axis) } : {}),
    ...(project.phase !== null ? { phase: project.phase } : {}),
    ...(project.priority !== null ? { priorite: project.priority } : {}),
    ...(project.start !== null ? { debutPrevu: project.start } : {}),
    ...(project.durationMonths !== null ? { dureeMois: project.durationMonths } : {}),
    ...(project.costFcfa !== null ? { coutFcfa: project.costFcfa } : {}),
    ...(project.governance ? { gouvernance: project.governance } : {}),
    ...(project.actors.length > 0 ? { acteurs: project.actors.join(', ') } : {}),
  };
  const written = project.prerequisites.map((p) => p.text).join(' | ');
  if (written) input.prerequisPlan = written;
  if (project.dependsOn.length > 0) {
    input.dependances = project.dependsOn.map((numero) => ({ numero }));
    input.prerequisEnAttente = project.dependsOn.filter((n) => pending.includes(n)).map((numero) => ({ numero }));
  }
  const conditions = project.prerequisites.flatMap((p) => (p.kind === 'condition' ? [p.text] : []));
  if (conditions.length > 0) input.conditions = conditions.map((texte, i) => ({ numero: i + 1, texte }));
  return input;
}

/** The plan's values a case holds, as the import compares them with a file's. */
export const PLAN_FIELDS = {
  titre: 'intitulé',
  axe: 'axe',
  phase: 'phase',
  priorite: 'priorité',
  debutPrevu: 'début prévu',
  dureeMois: 'durée',
  coutFcfa: 'coût',
  gouvernance: 'gouvernance',
  acteurs: 'acteurs',
  prerequisPlan: 'prérequis',
} as const;

/** How a plan value reads in a report line. */
export function describePlanValue(field: keyof typeof PLAN_FIELDS, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'non renseigné';
  if (field === 'coutFcfa' && typeof value === 'number') return formatMf(value);
  if (field === 'dureeMois') return `${value} mois`;
  return `« ${String(value)} »`;
}

export interface ProjectCondition {
  number: number;
  text: string;
  /** When it was ticked off, ISO 8601; null while it is not. */
  doneAt: string | null;
}

export interface ProjectReport {
  period: string;
  progressPercent: number | null;
  done: string | null;
  risks: string | null;
  nextSteps: string | null;
  forecastEnd: DayKey | null;
  filedAt: string | null;
}

export interface ProjectMilestone extends Milestone {
  number: number;
}

/** A project as its case holds it: the plan, and what happened. */
export interface ProjectCase {
  caseId: string;
  businessKey: string;
  assigneeId: string | null;
  state: ProjectState;
  number: number;
  title: string;
  axis: Axis | null;
  phase: Phase | null;
  priority: number | null;
  plannedStart: string | null;
  durationMonths: number | null;
  costFcfa: number | null;
  governance: string | null;
  actors: string | null;
  prerequisites: string | null;
  dependsOn: number[];
  pendingPrerequisites: number[];
  liftedPrerequisites: number[];
  conditions: ProjectCondition[];
  actualStart: DayKey | null;
  actualEnd: DayKey | null;
  milestones: ProjectMilestone[];
  /** Oldest month first. */
  reports: ProjectReport[];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const integer = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;
const day = (value: unknown): DayKey | null =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
const items = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((i): i is Record<string, unknown> => Boolean(i) && typeof i === 'object') : [];
const numbers = (value: unknown): number[] => items(value).flatMap((i) => integer(i.numero) ?? []);

export function projectOfCase(kase: {
  id: string;
  businessKey: string;
  assigneeId: string | null;
  state: string;
  context: unknown;
}): ProjectCase {
  const c = (kase.context ?? {}) as Record<string, unknown>;
  const axis = Number(c.axe);
  return {
    caseId: kase.id,
    businessKey: kase.businessKey,
    assigneeId: kase.assigneeId,
    state: (PROJECT_STATES as readonly string[]).includes(kase.state) ? (kase.state as ProjectState) : 'planifie',
    number: integer(c.numero) ?? 0,
    title: text(c.titre) ?? '',
    axis: (AXES as readonly number[]).includes(axis) ? (axis as Axis) : null,
    phase: (PHASES as readonly string[]).includes(String(c.phase)) ? (c.phase as Phase) : null,
    priority: integer(c.priorite),
    plannedStart: text(c.debutPrevu),
    durationMonths: integer(c.dureeMois),
    costFcfa: integer(c.coutFcfa),
    governance: text(c.gouvernance),
    actors: text(c.acteurs),
    prerequisites: text(c.prerequisPlan),
    dependsOn: numbers(c.dependances),
    pendingPrerequisites: numbers(c.prerequisEnAttente),
    liftedPrerequisites: numbers(c.prerequisLeves),
    conditions: items(c.conditions).map((i) => ({
      number: integer(i.numero) ?? 0,
      text: text(i.texte) ?? '',
      doneAt: text(i.remplieLe),
    })),
    actualStart: day(c.dateDemarrage),
    actualEnd: kase.state === 'termine' ? day(c.dateFin) : null,
    milestones: items(c.jalons).flatMap((i) => {
      const due = day(i.echeance);
      return due === null
        ? []
        : [{ number: integer(i.numero) ?? 0, label: text(i.nom) ?? '', due, doneOn: day(i.atteintLe) }];
    }),
    reports: items(c.rapports)
      .map((i) => ({
        period: text(i.periode) ?? '',
        progressPercent: integer(i.avancement),
        done: text(i.realisations),
        risks: text(i.risques),
        nextSteps: text(i.prochainesEtapes),
        forecastEnd: day(i.finPrevue),
        filedAt: text(i.deposeLe),
      }))
      .sort((a, b) => a.period.localeCompare(b.period)),
  };
}

/** The latest report, and the latest forecast of the end any report gave. */
export function latestReport(project: ProjectCase): { report: ProjectReport | null; forecastEnd: DayKey | null } {
  const report = project.reports.at(-1) ?? null;
  const forecastEnd = [...project.reports].reverse().find((r) => r.forecastEnd !== null)?.forecastEnd ?? null;
  return { report, forecastEnd };
}

/** Risks as the chef de projet lists them: one per line. */
export const risksOf = (report: ProjectReport | null): string[] =>
  (report?.risks ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^[-•*\s]+/, '').trim())
    .filter((line) => line !== '');
