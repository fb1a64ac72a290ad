import { frenchMonth, monthIndex } from '../../processes/calendar.ts';
import { describeWindow, type MonthSpan, PLAN_WINDOW, plannedDates } from '../../processes/portfolio/schedule.ts';
import { dependencyCycles } from './dependency-cycles.ts';
import type { ImportIssue } from './import-issues.ts';
import type { PortfolioProject } from './project.ts';

// Checks across projects, once each line has been read: what the plan says that cannot all be true.
// The plan's dates are kept as it gives them; these reports tell the steering committee where it
// contradicts itself.

const KEEP_DATES = 'Dates gardées telles que le plan les donne.';

export function checkPortfolio(projects: PortfolioProject[], window: MonthSpan = PLAN_WINDOW): ImportIssue[] {
  return [...cycles(projects), ...startsBeforePrerequisites(projects), ...outsideWindow(projects, window)];
}

function cycles(projects: PortfolioProject[]): ImportIssue[] {
  const byNumber = new Map(projects.map((p) => [p.number, p]));
  return dependencyCycles(new Map(projects.map((p) => [p.number, p.dependsOn]))).map((cycle) => {
    const first = cycle[0] ?? 0;
    const self = cycle.length === 2;
    return {
      code: 'cycle',
      severity: 'avertissement',
      line: byNumber.get(first)?.line ?? null,
      column: 'prerequis',
      project: first,
      problem: self
        ? `Le projet ${first} figure parmi ses propres prérequis.`
        : `Dépendances circulaires : ${cycle.map((n) => `projet ${n}`).join(' → ')} (chacun attend la fin du suivant).`,
      action:
        'Dépendances gardées : aucun de ces projets ne peut démarrer sur ses prérequis sans une levée du blocage ' +
        'par le comité de pilotage. À corriger dans le plan.',
    };
  });
}

function startsBeforePrerequisites(projects: PortfolioProject[]): ImportIssue[] {
  const byNumber = new Map(projects.map((p) => [p.number, p]));
  return projects.flatMap((project) => {
    const dates = plannedDates(project);
    if (!dates) return [];
    return project.dependsOn.flatMap((number): ImportIssue[] => {
      const prerequisite = byNumber.get(number);
      const prerequisiteEnd = prerequisite ? plannedDates(prerequisite)?.end : null;
      if (!prerequisiteEnd || number === project.number) return [];
      if (monthIndex(dates.start) > monthIndex(prerequisiteEnd)) return [];
      return [
        {
          code: 'debut-avant-prerequis',
          severity: 'avertissement',
          line: project.line,
          column: 'debut',
          project: project.number,
          problem:
            `Le projet ${project.number} doit débuter en ${frenchMonth(monthIndex(dates.start))}, avant la fin ` +
            `prévue de son prérequis, le projet ${number} (${frenchMonth(monthIndex(prerequisiteEnd))}).`,
          action: KEEP_DATES,
        },
      ];
    });
  });
}

function outsideWindow(projects: PortfolioProject[], span: MonthSpan): ImportIssue[] {
  const window = describeWindow(span);
  const [first, last] = [monthIndex(window.start), monthIndex(window.end)];
  return projects.flatMap((project): ImportIssue[] => {
    const dates = plannedDates(project);
    if (!dates) return [];
    const issue = (problem: string, column: 'debut' | 'duree_mois'): ImportIssue => ({
      code: 'hors-fenetre',
      severity: 'avertissement',
      line: project.line,
      column,
      project: project.number,
      problem,
      action: KEEP_DATES,
    });
    return [
      ...(monthIndex(dates.start) < first
        ? [
            issue(
              `Le projet débute en ${frenchMonth(monthIndex(dates.start))}, avant le début du plan (${window.label}).`,
              'debut',
            ),
          ]
        : []),
      ...(dates.end !== null && monthIndex(dates.end) > last
        ? [
            issue(
              `Le projet se termine en ${frenchMonth(monthIndex(dates.end))} (${dates.start} + ${dates.months} mois), ` +
                `après la fin du plan (${window.label}).`,
              'duree_mois',
            ),
          ]
        : []),
    ];
  });
}
