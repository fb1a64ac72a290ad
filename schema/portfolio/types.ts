import {
  MILESTONE_STATUS_LABELS,
  type MilestoneStatus,
  plannedDates,
  type Slippage,
  type WindowDates,
} from '../../processes/portfolio/schedule.ts';
import type { ImportIssue } from '../../services/portfolio/import-issues.ts';
import type { PortfolioImportResult } from '../../services/portfolio/import-portfolio.ts';
import { formatMf } from '../../services/portfolio/mf-amounts.ts';
import { AXIS_LABELS, type Axis, PHASE_LABELS, PHASES, type Phase } from '../../services/portfolio/project.ts';
import type { ProjectCondition, ProjectMilestone, ProjectReport } from '../../services/portfolio/project-case.ts';
import { PROJECT_STATE_LABELS, PROJECT_STATES, type ProjectState } from '../../services/portfolio/project-state.ts';
import {
  type BoardMilestone,
  filterProjects,
  milestoneBoard,
  type PortfolioProjectView,
  type PortfolioView,
  totalsOf,
} from '../../services/portfolio/read-portfolio.ts';
import type { CostTotal, PortfolioTotals } from '../../services/portfolio/totals.ts';
import { builder } from '../builder.ts';
import { UserRef, visiblePerson } from '../types/user.ts';

// The master plan's portfolio, read from the projects' cases (services/portfolio/read-portfolio.ts):
// plans, states, progress, slippage, milestones, budget, and the last import's report.

export const ProjectStateEnum = builder.enumType('ProjectState', {
  description: 'Where a project of the portfolio stands.',
  values: Object.fromEntries(
    PROJECT_STATES.map((state) => [state, { value: state, description: PROJECT_STATE_LABELS[state] }]),
  ) as Record<ProjectState, { value: ProjectState; description: string }>,
});

export const PhaseEnum = builder.enumType('PortfolioPhase', {
  description: 'A phase of the master plan.',
  values: Object.fromEntries(
    PHASES.map((phase) => [phase, { value: phase, description: PHASE_LABELS[phase] }]),
  ) as Record<Phase, { value: Phase; description: string }>,
});

const MilestoneStatusEnum = builder.enumType('MilestoneStatus', {
  values: Object.fromEntries(
    (Object.entries(MILESTONE_STATUS_LABELS) as [MilestoneStatus, string][]).map(([status, label]) => [
      status,
      { value: status, description: label },
    ]),
  ) as Record<string, { value: MilestoneStatus; description: string }>,
});

const SlippageRef = builder.objectRef<Slippage>('Slippage').implement({
  description: 'How far a date is from the one it was planned on, in calendar months and days.',
  fields: (t) => ({
    direction: t.exposeString('direction', { description: '`avance`, `a-l-heure` or `retard`.' }),
    months: t.exposeInt('months'),
    days: t.exposeInt('days'),
    totalDays: t.exposeInt('totalDays', { description: 'Signed: positive when late.' }),
    label: t.exposeString('label', { description: '« en retard de 3 mois », « à l’heure ».' }),
  }),
});

const MilestoneRef = builder.objectRef<ProjectMilestone & { status: MilestoneStatus }>('ProjectMilestone').implement({
  description: 'A milestone of a project: a name, a due day, reached or not.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    label: t.exposeString('label'),
    due: t.exposeString('due', { description: 'YYYY-MM-DD (Dakar).' }),
    doneOn: t.exposeString('doneOn', { nullable: true }),
    status: t.field({ type: MilestoneStatusEnum, resolve: (m) => m.status }),
    statusLabel: t.string({ resolve: (m) => MILESTONE_STATUS_LABELS[m.status] }),
  }),
});

const ConditionRef = builder.objectRef<ProjectCondition>('ProjectCondition').implement({
  description: 'An external condition of a project (a prerequisite that is not another project).',
  fields: (t) => ({
    number: t.exposeInt('number'),
    text: t.exposeString('text'),
    doneAt: t.exposeString('doneAt', { nullable: true, description: 'When it was ticked off (ISO 8601).' }),
  }),
});

const ReportRef = builder.objectRef<ProjectReport>('ProjectReport').implement({
  description: 'A monthly progress report by the chef de projet.',
  fields: (t) => ({
    period: t.exposeString('period', { description: 'The month reported on, YYYY-MM.' }),
    progressPercent: t.exposeInt('progressPercent', { nullable: true }),
    done: t.exposeString('done', { nullable: true }),
    risks: t.exposeString('risks', { nullable: true }),
    nextSteps: t.exposeString('nextSteps', { nullable: true }),
    forecastEnd: t.exposeString('forecastEnd', { nullable: true }),
    filedAt: t.exposeString('filedAt', { nullable: true }),
  }),
});

const axisLabel = (axis: Axis | null) => (axis === null ? null : AXIS_LABELS[axis]);

export const PortfolioProjectRef = builder.objectRef<PortfolioProjectView>('PortfolioProject').implement({
  description: 'A project of the master plan, as its case holds it: the plan, and what happened.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    caseId: t.exposeID('caseId', { description: 'The project’s case: its page, its history, its actions.' }),
    businessKey: t.exposeString('businessKey'),
    title: t.exposeString('title'),
    axis: t.exposeInt('axis', { nullable: true }),
    axisLabel: t.string({ nullable: true, resolve: (p) => axisLabel(p.axis) }),
    phase: t.field({ type: PhaseEnum, nullable: true, resolve: (p) => p.phase }),
    priority: t.exposeInt('priority', { nullable: true }),
    plannedStart: t.exposeString('plannedStart', { nullable: true, description: 'YYYY-MM.' }),
    durationMonths: t.exposeInt('durationMonths', { nullable: true }),
    plannedEnd: t.string({
      nullable: true,
      description: 'Last day of the plan (YYYY-MM-DD).',
      resolve: (p) => p.schedule.planned?.endDay ?? null,
    }),
    plannedLabel: t.string({
      nullable: true,
      description: '« mars 2018 – juin 2018 (4 mois) ».',
      resolve: (p) => plannedDates({ start: p.plannedStart, durationMonths: p.durationMonths })?.label ?? null,
    }),
    costFcfa: t.float({ nullable: true, description: 'In francs CFA.', resolve: (p) => p.costFcfa }),
    costLabel: t.string({
      nullable: true,
      description: '« 13,5 MF CFA ».',
      resolve: (p) => (p.costFcfa === null ? null : formatMf(p.costFcfa)),
    }),
    governance: t.exposeString('governance', { nullable: true }),
    actors: t.exposeString('actors', { nullable: true }),
    prerequisites: t.exposeString('prerequisites', { nullable: true, description: 'As the plan words them.' }),
    dependsOn: t.exposeIntList('dependsOn', { description: 'Numbers of its prerequisite projects.' }),
    pendingPrerequisites: t.exposeIntList('pendingPrerequisites', {
      description: 'Prerequisite projects not completed yet: the project cannot start while there is one.',
    }),
    liftedPrerequisites: t.exposeIntList('liftedPrerequisites', {
      description: 'Prerequisites the steering committee lifted by an override.',
    }),
    conditions: t.field({ type: [ConditionRef], resolve: (p) => p.conditions }),
    state: t.field({ type: ProjectStateEnum, resolve: (p) => p.state }),
    stateLabel: t.string({ resolve: (p) => PROJECT_STATE_LABELS[p.state] }),
    chefDeProjet: t.field({
      type: UserRef,
      nullable: true,
      description: 'The person the project’s case is assigned to, if you may see them.',
      resolve: (p, _args, ctx) => visiblePerson(ctx, p.assigneeId),
    }),
    progressPercent: t.exposeInt('progressPercent', { nullable: true, description: 'From the latest report.' }),
    lastReport: t.field({ type: ReportRef, nullable: true, resolve: (p) => p.lastReport }),
    reports: t.field({ type: [ReportRef], description: 'Oldest month first.', resolve: (p) => p.reports }),
    risks: t.exposeStringList('risks', { description: 'From the latest report, one per line.' }),
    actualStart: t.exposeString('actualStart', { nullable: true }),
    actualEnd: t.exposeString('actualEnd', { nullable: true }),
    forecastEnd: t.exposeString('forecastEnd', { nullable: true, description: 'The latest report’s forecast.' }),
    startSlippage: t.field({ type: SlippageRef, nullable: true, resolve: (p) => p.schedule.startSlippage }),
    endSlippage: t.field({
      type: SlippageRef,
      nullable: true,
      description: 'The actual end, else the latest forecast, against the planned end.',
      resolve: (p) => p.schedule.endSlippage,
    }),
    endPassed: t.boolean({
      description: 'Not completed, and the day it was expected to end (forecast, else plan) has passed.',
      resolve: (p) => p.schedule.endPassed,
    }),
    milestones: t.field({ type: [MilestoneRef], resolve: (p) => p.milestonesOnDay }),
  }),
});

const AxisTotalRef = builder.objectRef<PortfolioTotals['byAxis'][number]>('AxisTotal').implement({
  fields: (t) => ({
    axis: t.exposeInt('axis', { nullable: true }),
    label: t.exposeString('label'),
    projects: t.exposeInt('projects'),
    costFcfa: t.float({ resolve: (total) => total.costFcfa }),
    formatted: t.exposeString('formatted'),
    withoutCost: t.exposeIntList('withoutCost'),
  }),
});

const PhaseTotalRef = builder.objectRef<PortfolioTotals['byPhase'][number]>('PhaseTotal').implement({
  fields: (t) => ({
    phase: t.field({ type: PhaseEnum, nullable: true, resolve: (total) => total.phase }),
    label: t.exposeString('label'),
    projects: t.exposeInt('projects'),
    costFcfa: t.float({ resolve: (total) => total.costFcfa }),
    formatted: t.exposeString('formatted'),
    withoutCost: t.exposeIntList('withoutCost'),
  }),
});

const TotalRef = builder.objectRef<CostTotal>('CostTotal').implement({
  fields: (t) => ({
    projects: t.exposeInt('projects'),
    costFcfa: t.float({ resolve: (total) => total.costFcfa }),
    formatted: t.exposeString('formatted', { description: '« 1 855,25 MF CFA ».' }),
    withoutCost: t.exposeIntList('withoutCost', { description: 'Projects counted here whose cost is unknown.' }),
  }),
});

export const PortfolioTotalsRef = builder.objectRef<PortfolioTotals>('PortfolioTotals').implement({
  description: 'Budget by axis, by phase and in all, summed in whole francs.',
  fields: (t) => ({
    byAxis: t.field({ type: [AxisTotalRef], resolve: (totals) => totals.byAxis }),
    byPhase: t.field({ type: [PhaseTotalRef], resolve: (totals) => totals.byPhase }),
    total: t.field({ type: TotalRef, resolve: (totals) => totals.total }),
  }),
});

const BoardProjectRef = builder.objectRef<BoardMilestone['project']>('MilestoneProject').implement({
  fields: (t) => ({
    number: t.exposeInt('number'),
    title: t.exposeString('title'),
    caseId: t.exposeID('caseId'),
    businessKey: t.exposeString('businessKey'),
    state: t.field({ type: ProjectStateEnum, resolve: (p) => p.state }),
    chefDeProjet: t.field({
      type: UserRef,
      nullable: true,
      resolve: (p, _args, ctx) => visiblePerson(ctx, p.assigneeId),
    }),
  }),
});

const BoardMilestoneRef = builder.objectRef<BoardMilestone>('BoardMilestone').implement({
  description: 'A milestone not yet reached, with its project.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    label: t.exposeString('label'),
    due: t.exposeString('due'),
    status: t.field({ type: MilestoneStatusEnum, resolve: (m) => m.status }),
    daysLeft: t.exposeInt('daysLeft', { description: 'Days until the due day; negative when overdue.' }),
    project: t.field({ type: BoardProjectRef, resolve: (m) => m.project }),
  }),
});

const MilestoneBoardRef = builder
  .objectRef<{ overdue: BoardMilestone[]; due: BoardMilestone[] }>('MilestoneBoard')
  .implement({
    fields: (t) => ({
      overdue: t.field({ type: [BoardMilestoneRef], description: 'Longest overdue first.', resolve: (b) => b.overdue }),
      due: t.field({ type: [BoardMilestoneRef], description: 'Soonest first.', resolve: (b) => b.due }),
    }),
  });

export const ImportIssueRef = builder.objectRef<ImportIssue>('ImportIssue').implement({
  description: 'One thing an import of the portfolio file reports: where, what, and what it did about it.',
  fields: (t) => ({
    code: t.exposeString('code'),
    severity: t.exposeString('severity', { description: '`erreur`, `avertissement` or `information`.' }),
    line: t.exposeInt('line', { nullable: true, description: 'Line of the file (1 is the header).' }),
    column: t.exposeString('column', { nullable: true }),
    project: t.exposeInt('project', { nullable: true }),
    problem: t.exposeString('problem'),
    action: t.exposeString('action'),
  }),
});

type ImportReport = Pick<
  PortfolioImportResult,
  'fileName' | 'sha256' | 'importedAt' | 'opened' | 'issues' | 'shiftMonths'
> & {
  projects: number;
  existing?: number[];
  totals?: PortfolioTotals;
};

export const PortfolioImportRef = builder.objectRef<ImportReport>('PortfolioImport').implement({
  description: 'An import of the portfolio file: what it read, what it reported, which cases it opened.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    importedAt: t.expose('importedAt', { type: 'DateTime' }),
    projects: t.exposeInt('projects', { description: 'Projects read from the file.' }),
    opened: t.exposeIntList('opened', { description: 'Projects whose case this import opened.' }),
    existing: t.intList({
      nullable: true,
      description: 'Projects of the file that already had a case (left as they are); known right after an import.',
      resolve: (r) => r.existing ?? null,
    }),
    issues: t.field({ type: [ImportIssueRef], resolve: (r) => r.issues }),
    shiftMonths: t.exposeInt('shiftMonths', {
      description:
        'Months the demonstration moved the file’s plan by, so that today falls inside it; 0: the plan as the file states it.',
    }),
    totals: t.field({
      type: PortfolioTotalsRef,
      nullable: true,
      description: 'Budget of the file’s projects; known right after an import.',
      resolve: (r) => r.totals ?? null,
    }),
  }),
});

export const importReportOf = (result: PortfolioImportResult): ImportReport => ({
  ...result,
  projects: result.projects.length,
});

const WindowRef = builder.objectRef<WindowDates>('PortfolioWindow').implement({
  fields: (t) => ({
    start: t.exposeString('start'),
    end: t.exposeString('end'),
    months: t.exposeInt('months'),
    label: t.exposeString('label'),
  }),
});

const StateCountRef = builder.objectRef<{ state: ProjectState; count: number }>('ProjectStateCount').implement({
  fields: (t) => ({
    state: t.field({ type: ProjectStateEnum, resolve: (c) => c.state }),
    label: t.string({ resolve: (c) => PROJECT_STATE_LABELS[c.state] }),
    count: t.exposeInt('count'),
  }),
});

export interface PortfolioShape {
  view: PortfolioView;
  lastImport: () => Promise<ImportReport | null>;
}

export const PortfolioRef = builder.objectRef<PortfolioShape>('Portfolio').implement({
  description: 'The master plan’s portfolio of projects, on a day in Dakar.',
  fields: (t) => ({
    asOf: t.string({
      description: 'The day the situation describes (YYYY-MM-DD, Dakar).',
      resolve: (p) => p.view.asOf,
    }),
    window: t.field({
      type: WindowRef,
      description: 'The plan’s 42 months (moved with the plan in the demonstration).',
      resolve: (p) => p.view.window,
    }),
    projects: t.field({
      type: [PortfolioProjectRef],
      description: 'By number; narrowed by axis, phase, priority and state when given.',
      args: {
        axis: t.arg.int(),
        phase: t.arg({ type: PhaseEnum }),
        priority: t.arg.int(),
        state: t.arg({ type: ProjectStateEnum }),
      },
      resolve: (p, args) =>
        filterProjects(p.view.projects, {
          axis: args.axis,
          phase: args.phase,
          priority: args.priority,
          state: args.state,
        }),
    }),
    states: t.field({
      type: [StateCountRef],
      description: 'How many projects are in each state.',
      resolve: (p) =>
        PROJECT_STATES.map((state) => ({ state, count: p.view.projects.filter((x) => x.state === state).length })),
    }),
    totals: t.field({
      type: PortfolioTotalsRef,
      description: 'Budget of every project of the portfolio.',
      resolve: (p) => totalsOf(p.view.projects),
    }),
    milestones: t.field({
      type: MilestoneBoardRef,
      description: 'Milestones of the open projects not yet reached: overdue, and due within `withinDays` days.',
      args: { withinDays: t.arg.int({ defaultValue: 30 }) },
      resolve: (p, args) => milestoneBoard(p.view, Math.max(args.withinDays ?? 30, 0)),
    }),
    lastImport: t.field({
      type: PortfolioImportRef,
      nullable: true,
      description: 'The last import of the portfolio file, with its report.',
      resolve: (p) => p.lastImport(),
    }),
  }),
});
