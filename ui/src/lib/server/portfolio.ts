import { graphql } from './api.ts';

// The portfolio as the portal reads it from the API (query `portfolio`).

export interface Slip {
  direction: string;
  totalDays: number;
  label: string;
}

export interface PortfolioProjectRow {
  number: number;
  caseId: string;
  businessKey: string;
  title: string;
  axis: number | null;
  phase: string | null;
  priority: number | null;
  plannedStart: string | null;
  durationMonths: number | null;
  plannedLabel: string | null;
  costLabel: string | null;
  dependsOn: number[];
  pendingPrerequisites: number[];
  state: string;
  stateLabel: string;
  progressPercent: number | null;
  actualStart: string | null;
  actualEnd: string | null;
  forecastEnd: string | null;
  endSlippage: Slip | null;
  endPassed: boolean;
  milestones: { number: number; label: string; due: string; doneOn: string | null; status: string }[];
  chefDeProjet: { displayName: string } | null;
}

export interface CostRow {
  label: string;
  projects: number;
  formatted: string;
  withoutCost: number[];
}

export interface PortfolioPage {
  asOf: string;
  window: { start: string; label: string; months: number };
  states: { state: string; label: string; count: number }[];
  all: { number: number; priority: number | null }[];
  projects: PortfolioProjectRow[];
  totals: {
    byAxis: (CostRow & { axis: number | null })[];
    byPhase: (CostRow & { phase: string | null })[];
    total: Omit<CostRow, 'label'>;
  };
  lastImport: {
    fileName: string;
    importedAt: string;
    projects: number;
    opened: number[];
    /** Months the demonstration moved the plan by; 0: the plan as its file states it. */
    shiftMonths: number;
    issues: {
      severity: string;
      line: number | null;
      column: string | null;
      project: number | null;
      problem: string;
      action: string;
    }[];
  } | null;
}

export interface PortfolioFilters {
  axis?: number;
  phase?: string;
  priority?: number;
  state?: string;
}

const COST = 'label projects formatted withoutCost';

export async function loadPortfolio(
  session: string | undefined,
  filters: PortfolioFilters,
  asOf: string | null = null,
): Promise<PortfolioPage> {
  const { data } = await graphql<{ portfolio: { __typename: string } & PortfolioPage }>(
    session,
    `query ($axis: Int, $phase: PortfolioPhase, $priority: Int, $state: ProjectState, $asOf: String) {
      portfolio(asOf: $asOf) { __typename ... on Portfolio {
        asOf window { start label months }
        states { state label count }
        all: projects { number priority }
        projects(axis: $axis, phase: $phase, priority: $priority, state: $state) {
          number caseId businessKey title axis phase priority plannedStart durationMonths plannedLabel costLabel
          dependsOn pendingPrerequisites state stateLabel progressPercent actualStart actualEnd forecastEnd
          endSlippage { direction totalDays label } endPassed
          milestones { number label due doneOn status } chefDeProjet { displayName }
        }
        totals { byAxis { axis ${COST} } byPhase { phase ${COST} } total { projects formatted withoutCost } }
        lastImport { fileName importedAt projects opened shiftMonths issues { severity line column project problem action } }
      } }
    }`,
    { ...filters, asOf },
  );
  return data.portfolio;
}

export interface BoardRow {
  number: number;
  label: string;
  due: string;
  daysLeft: number;
  project: {
    number: number;
    title: string;
    caseId: string;
    businessKey: string;
    chefDeProjet: { displayName: string } | null;
  };
}

export async function loadMilestoneBoard(
  session: string | undefined,
  withinDays: number,
): Promise<{ asOf: string; overdue: BoardRow[]; due: BoardRow[] }> {
  const row = 'number label due daysLeft project { number title caseId businessKey chefDeProjet { displayName } }';
  const { data } = await graphql<{
    portfolio: { asOf: string; milestones: { overdue: BoardRow[]; due: BoardRow[] } };
  }>(
    session,
    `query ($days: Int) { portfolio { ... on Portfolio { asOf milestones(withinDays: $days) {
      overdue { ${row} } due { ${row} } } } } }`,
    { days: withinDays },
  );
  return { asOf: data.portfolio.asOf, ...data.portfolio.milestones };
}
