import { describe, expect, it } from 'vitest';
import type { PortfolioProject } from '../services/portfolio/project.ts';
import { loadShippedPortfolio } from '../services/portfolio/shipped-portfolio.ts';
import { type GanttProject, layoutGantt } from '../ui/src/lib/gantt-layout.ts';

// The Gantt chart's dependency arrows, drawn over the master plan's 27 projects: no arrow crosses the
// bar of a project other than the two it links (the geometry is the layout's, in SVG units).

const toGantt = (p: PortfolioProject): GanttProject => ({
  number: p.number,
  title: p.title,
  axis: p.axis,
  plannedStart: p.start,
  durationMonths: p.durationMonths,
  dependsOn: p.dependsOn,
});

/** The segments of a path made of M, H and V commands. */
function segments(path: string): { x1: number; y1: number; x2: number; y2: number }[] {
  const out = [];
  let [x, y] = [0, 0];
  for (const [, command, args] of path.matchAll(/([MHV])([^MHV]+)/g)) {
    const [a, b] = (args as string).trim().split(',').map(Number) as [number, number | undefined];
    const [nx, ny] = command === 'M' ? [a, b as number] : command === 'H' ? [a, y] : [x, a];
    if (command !== 'M') out.push({ x1: x, y1: y, x2: nx, y2: ny });
    [x, y] = [nx, ny];
  }
  return out;
}

const crosses = (
  s: { x1: number; y1: number; x2: number; y2: number },
  r: { x: number; y: number; width: number; height: number },
) =>
  Math.max(s.x1, s.x2) > r.x &&
  Math.min(s.x1, s.x2) < r.x + r.width &&
  Math.max(s.y1, s.y2) > r.y &&
  Math.min(s.y1, s.y2) < r.y + r.height;

describe('the Gantt chart’s dependency arrows', () => {
  it('cross no other project’s bar', async () => {
    const plan = (await loadShippedPortfolio()).projects.map(toGantt);
    const layout = layoutGantt(plan);
    expect(layout.arrows.length).toBeGreaterThan(5);
    const crossings: string[] = [];
    for (const arrow of layout.arrows) {
      for (const row of layout.rows.filter((r) => r.number !== arrow.from && r.number !== arrow.to)) {
        for (const bar of [row.planned, row.actual, row.forecast]) {
          if (bar && segments(arrow.path).some((s) => crosses(s, bar)))
            crossings.push(`${arrow.from}→${arrow.to} sur ${row.number}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});
