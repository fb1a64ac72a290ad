import type { PrismaClient } from '../../prisma/client.ts';
import { type DayKey, dakarDay, dayNumber, monthIndex, monthKey } from '../../processes/calendar.ts';
import {
  describeWindow,
  type MilestoneStatus,
  milestoneStatus,
  nextMilestones,
  PLAN_WINDOW,
  type ProjectSchedule,
  projectSchedule,
  type WindowDates,
} from '../../processes/portfolio/schedule.ts';
import { caseVisibilityWhere } from '../case-access.ts';
import type { Viewer } from '../viewer.ts';
import type { ImportIssue } from './import-issues.ts';
import type { Phase } from './project.ts';
import {
  latestReport,
  PROJECT_PROCESS,
  type ProjectCase,
  type ProjectMilestone,
  type ProjectReport,
  projectOfCase,
  risksOf,
} from './project-case.ts';
import type { ProjectState } from './project-state.ts';
import type { PortfolioReport } from './report-document.ts';
import { type PortfolioTotals, portfolioTotals } from './totals.ts';

// The portfolio as the steering committee reads it, from the projects' cases: each project's plan,
// state, progress, slippage and milestones on a given day in Dakar; the budget; the milestones due
// and overdue; the last import's report; the data of the Word report.

export interface PortfolioProjectView extends ProjectCase {
  /** The latest monthly report, if any. */
  lastReport: ProjectReport | null;
  progressPercent: number | null;
  risks: string[];
  forecastEnd: DayKey | null;
  schedule: ProjectSchedule;
  /** Milestones with their status on the day, soonest first. */
  milestonesOnDay: (ProjectMilestone & { status: MilestoneStatus })[];
}

export interface PortfolioView {
  asOf: DayKey;
  window: WindowDates;
  projects: PortfolioProjectView[];
}

export interface PortfolioFilter {
  axis?: number | null;
  phase?: Phase | null;
  priority?: number | null;
  state?: ProjectState | null;
}

/** Every project the viewer may see, by number, as it stands on `asOf` (today in Dakar by default). */
export async function readPortfolio(
  prisma: PrismaClient,
  viewer: Viewer,
  options: { asOf?: DayKey } = {},
): Promise<PortfolioView> {
  const asOf = options.asOf ?? dakarDay(new Date());
  const cases = await prisma.case.findMany({
    where: { processId: PROJECT_PROCESS, ...caseVisibilityWhere(viewer) },
    select: { id: true, businessKey: true, assigneeId: true, state: true, context: true },
  });
  const projects = cases
    .map((kase) => viewOf(projectOfCase(kase), asOf))
    .sort((a, b) => a.number - b.number || a.businessKey.localeCompare(b.businessKey));
  // The demonstration's plan was moved by whole months: its window moves with it.
  const shift = (await lastPortfolioImport(prisma, viewer))?.shiftMonths ?? 0;
  const window = { ...PLAN_WINDOW, start: monthKey(monthIndex(PLAN_WINDOW.start) + shift) };
  return { asOf, window: describeWindow(window), projects };
}

function viewOf(project: ProjectCase, asOf: DayKey): PortfolioProjectView {
  const { report, forecastEnd } = latestReport(project);
  const milestones = project.milestones.map((m) => ({ ...m, status: milestoneStatus(m, asOf) }));
  return {
    ...project,
    lastReport: report,
    progressPercent: project.state === 'termine' ? 100 : (report?.progressPercent ?? null),
    risks: risksOf(report),
    forecastEnd,
    schedule: projectSchedule(
      {
        plannedStart: project.plannedStart,
        durationMonths: project.durationMonths,
        actualStart: project.actualStart,
        actualEnd: project.actualEnd,
        forecastEnd,
        milestones: project.milestones,
      },
      asOf,
    ),
    milestonesOnDay: milestones.sort((a, b) => dayNumber(a.due) - dayNumber(b.due) || a.number - b.number),
  };
}

export function filterProjects(projects: PortfolioProjectView[], filter: PortfolioFilter): PortfolioProjectView[] {
  return projects.filter(
    (p) =>
      (filter.axis == null || p.axis === filter.axis) &&
      (filter.phase == null || p.phase === filter.phase) &&
      (filter.priority == null || p.priority === filter.priority) &&
      (filter.state == null || p.state === filter.state),
  );
}

export const totalsOf = (projects: PortfolioProjectView[]): PortfolioTotals => portfolioTotals(projects);

export interface BoardMilestone extends ProjectMilestone {
  status: MilestoneStatus;
  project: Pick<PortfolioProjectView, 'number' | 'title' | 'caseId' | 'businessKey' | 'assigneeId' | 'state'>;
  /** Days from the day to the due day: negative when overdue. */
  daysLeft: number;
}

/**
 * The milestones of the open projects not yet reached: those overdue (the longest overdue first), and
 * those due within `withinDays` days (the soonest first).
 */
export function milestoneBoard(
  view: PortfolioView,
  withinDays: number,
): { overdue: BoardMilestone[]; due: BoardMilestone[] } {
  const today = dayNumber(view.asOf);
  const open = view.projects.filter((p) => p.state === 'planifie' || p.state === 'demarre' || p.state === 'suspendu');
  const all = open.flatMap((p) =>
    p.milestonesOnDay
      .filter((m) => m.status !== 'done')
      .map((m) => ({
        ...m,
        project: {
          number: p.number,
          title: p.title,
          caseId: p.caseId,
          businessKey: p.businessKey,
          assigneeId: p.assigneeId,
          state: p.state,
        },
        daysLeft: dayNumber(m.due) - today,
      })),
  );
  const order = (a: BoardMilestone, b: BoardMilestone) =>
    a.daysLeft - b.daysLeft || a.project.number - b.project.number;
  return {
    overdue: all.filter((m) => m.status === 'overdue').sort(order),
    due: all.filter((m) => m.status === 'due' && m.daysLeft <= withinDays).sort(order),
  };
}

/** The steering committee's report: every project the viewer sees, on the view's day. */
export function portfolioReportOf(view: PortfolioView, issuedAt: Date): PortfolioReport {
  return {
    asOf: view.asOf,
    issuedAt,
    number: null,
    projects: view.projects.map((p) => ({
      number: p.number,
      title: p.title,
      axis: p.axis,
      phase: p.phase,
      priority: p.priority,
      costFcfa: p.costFcfa,
      state: p.state,
      progressPercent: p.progressPercent,
      slippage: p.schedule.endSlippage,
      risks: p.risks,
      nextMilestones: nextMilestones(p.milestones, view.asOf),
    })),
  };
}

export interface LastImport {
  fileName: string;
  sha256: string;
  importedAt: Date;
  importedBy: string;
  projects: number;
  opened: number[];
  issues: ImportIssue[];
  shiftMonths: number;
}

/** The last import of a portfolio file into one of the organisations whose projects the viewer sees. */
export async function lastPortfolioImport(prisma: PrismaClient, viewer: Viewer): Promise<LastImport | null> {
  const where = caseVisibilityWhere(viewer);
  const row = await prisma.portfolioImport.findFirst({
    where: 'organisationId' in where ? { organisationId: where.organisationId as string } : {},
    orderBy: { importedAt: 'desc' },
  });
  return row ? { ...row, issues: row.issues as unknown as ImportIssue[] } : null;
}
