import { formatMf } from './mf-amounts.ts';
import { AXES, AXIS_LABELS, type Axis, PHASE_LABELS, PHASES, type Phase, type PortfolioProject } from './project.ts';

// The portfolio's budget by axis, by phase and in all, summed in whole francs (exact). A project whose
// cost could not be read counts in no sum, and each total names such projects: a total that leaves a
// project out must say so.

export type CostedProject = Pick<PortfolioProject, 'number' | 'axis' | 'phase' | 'costFcfa'>;

export interface CostTotal {
  /** Projects counted, with or without a cost. */
  projects: number;
  costFcfa: number;
  /** « 1 855,25 MF CFA » */
  formatted: string;
  /** Numbers of the projects counted here whose cost is unknown. */
  withoutCost: number[];
}

export interface PortfolioTotals {
  /** The four axes in order, even when empty; then, if any, the projects with no axis (`axis: null`). */
  byAxis: (CostTotal & { axis: Axis | null; label: string })[];
  byPhase: (CostTotal & { phase: Phase | null; label: string })[];
  total: CostTotal;
}

function sum(projects: readonly CostedProject[]): CostTotal {
  const costFcfa = projects.reduce((total, p) => total + (p.costFcfa ?? 0), 0);
  return {
    projects: projects.length,
    costFcfa,
    formatted: formatMf(costFcfa),
    withoutCost: projects.filter((p) => p.costFcfa === null).map((p) => p.number),
  };
}

export function portfolioTotals(projects: readonly CostedProject[]): PortfolioTotals {
  const withoutAxis = projects.filter((p) => p.axis === null);
  const withoutPhase = projects.filter((p) => p.phase === null);
  return {
    byAxis: [
      ...AXES.map((axis) => ({ axis, label: AXIS_LABELS[axis], ...sum(projects.filter((p) => p.axis === axis)) })),
      ...(withoutAxis.length > 0 ? [{ axis: null, label: 'Axe non renseigné', ...sum(withoutAxis) }] : []),
    ],
    byPhase: [
      ...PHASES.map((phase) => ({
        phase,
        label: PHASE_LABELS[phase],
        ...sum(projects.filter((p) => p.phase === phase)),
      })),
      ...(withoutPhase.length > 0 ? [{ phase: null, label: 'phase non renseignée', ...sum(withoutPhase) }] : []),
    ],
    total: sum(projects),
  };
}
