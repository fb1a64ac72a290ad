// Lays the portfolio out as a Gantt chart: a column per month of the window, a row per project grouped
// by axis, the planned bar above the actual and forecast bar, milestones, dependencies and today's
// line. Pure geometry, so that the server draws it as plain SVG (no chart library to download on a
// slow connection) and a test can check where everything lands. The caller filters the projects.

import {
  type DayKey,
  dayKey,
  dayNumber,
  daysInMonth,
  frenchDay,
  frenchMonth,
  frenchMonthName,
  type MonthKey,
  monthIndex,
  monthOfDay,
  readMonth,
} from '../../../processes/calendar.ts';
import {
  describeWindow,
  endSlippage,
  MILESTONE_STATUS_LABELS,
  type MilestoneStatus,
  type MonthSpan,
  milestoneStatus,
  PLAN_WINDOW,
  plannedDates,
  type WindowDates,
} from '../../../processes/portfolio/schedule.ts';
import { type Axis, axisTitle } from '../../../services/portfolio/project.ts';

export interface GanttMilestone {
  label: string;
  due: DayKey;
  doneOn: DayKey | null;
}

export interface GanttProject {
  number: number;
  title: string;
  axis: Axis | null;
  plannedStart: MonthKey | null;
  durationMonths: number | null;
  actualStart?: DayKey | null;
  /** Last day, once completed. */
  actualEnd?: DayKey | null;
  /** Last day as the latest progress report forecasts it. */
  forecastEnd?: DayKey | null;
  dependsOn: number[];
  milestones?: GanttMilestone[];
  /** « Démarré », « Suspendu »… for the text alternative. */
  stateLabel?: string | null;
}

export interface GanttOptions {
  /** The months shown; the plan's 42 by default. */
  window?: MonthSpan;
  /** Today in Dakar: the today line, what is done so far, which milestones are late. */
  today?: DayKey | null;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The bar goes on before or after the window: drawn cut, with a mark. */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface PlacedMilestone extends GanttMilestone {
  x: number;
  y: number;
  /** A diamond around (x, y). */
  path: string;
  status: MilestoneStatus;
}

export interface GanttRow {
  number: number;
  title: string;
  /** The title cut to fit the label column; the full title goes in a tooltip. */
  shortTitle: string;
  y: number;
  planned: Bar | null;
  /** Start mark of a project whose planned duration is unknown: it has a start and no end. */
  openStart: { x: number; y: number } | null;
  /** What has been done: from the actual start to the actual end, or to today. */
  actual: Bar | null;
  /** What remains, as forecast: from today (or the actual start) to the forecast end. */
  forecast: Bar | null;
  milestones: PlacedMilestone[];
  /** The row in words, in French: the chart's text alternative. */
  description: string;
}

export interface GanttArrow {
  from: number;
  to: number;
  path: string;
  /** The project starts before its prerequisite ends. */
  conflict: boolean;
}

export interface GanttLayout {
  width: number;
  height: number;
  /** Where the months are drawn. */
  plot: { x: number; y: number; width: number; height: number };
  window: WindowDates;
  years: { x: number; width: number; label: string }[];
  months: { x: number; width: number; initial: string; name: string; january: boolean }[];
  groups: { axis: Axis | null; label: string; y: number }[];
  rows: GanttRow[];
  /** The today line runs down the plot; its label sits under it, at `labelY`. */
  today: { x: number; label: string; labelY: number } | null;
  /** Today is outside the window: the line is not drawn, the caption says where today is. */
  todayOutside: 'avant' | 'apres' | null;
  arrows: GanttArrow[];
  /** The chart in one sentence, for its `desc`. */
  summary: string;
}

export const GANTT = {
  labelWidth: 300,
  monthWidth: 18,
  yearHeight: 20,
  monthHeight: 18,
  groupHeight: 26,
  rowHeight: 28,
  /** The planned bar sits in the row's upper lane, the actual and forecast bars in the lower one. */
  plannedLane: { top: 5, height: 8 },
  actualLane: { top: 15, height: 8 },
  milestoneSize: 6,
  arrowGap: 6,
  margin: 8,
  /** Room under the rows for the today label. */
  footerHeight: 16,
  titleLength: 46,
};

export function layoutGantt(projects: GanttProject[], options: GanttOptions = {}): GanttLayout {
  const window = describeWindow(options.window ?? PLAN_WINDOW);
  const first = monthIndex(window.start);
  const plotX = GANTT.labelWidth;
  const plotY = GANTT.yearHeight + GANTT.monthHeight;
  const plotWidth = window.months * GANTT.monthWidth;
  const today = options.today ?? null;

  /** x of the start (midnight) of a day, to the hundredth of a unit. */
  const dayX = (day: DayKey) => {
    const month = monthOfDay(day);
    return round(plotX + (month - first + (Number(day.slice(8, 10)) - 1) / daysInMonth(month)) * GANTT.monthWidth);
  };
  const monthX = (index: number) => plotX + (index - first) * GANTT.monthWidth;
  const afterDay = (day: DayKey) => dayX(dayKey(dayNumber(day) + 1));
  const bar = (x1: number, x2: number, y: number, lane: { top: number; height: number }): Bar | null => {
    const [left, right] = [Math.max(x1, plotX), Math.min(x2, plotX + plotWidth)];
    if (right <= left) return null;
    return {
      x: left,
      y: y + lane.top,
      width: round(right - left),
      height: lane.height,
      cutStart: x1 < plotX,
      cutEnd: x2 > right,
    };
  };

  const years: GanttLayout['years'] = [];
  const months: GanttLayout['months'] = [];
  for (let m = first; m < first + window.months; m++) {
    const name = frenchMonthName(m);
    months.push({
      x: monthX(m),
      width: GANTT.monthWidth,
      initial: name.charAt(0).toUpperCase(),
      name: frenchMonth(m),
      january: m % 12 === 0,
    });
    const year = String(Math.floor(m / 12));
    const last = years.at(-1);
    if (last?.label === year) last.width += GANTT.monthWidth;
    else years.push({ x: monthX(m), width: GANTT.monthWidth, label: year });
  }

  const axes: (Axis | null)[] = [1, 2, 3, 4, null];
  const shown = new Set(projects.map((p) => p.number));
  const groups: GanttLayout['groups'] = [];
  const rows: GanttRow[] = [];
  let y = plotY;
  for (const axis of axes) {
    const members = projects.filter((p) => p.axis === axis).sort((a, b) => a.number - b.number);
    if (members.length === 0) continue;
    groups.push({ axis, label: axis === null ? 'Axe non renseigné' : axisTitle(axis), y });
    y += GANTT.groupHeight;
    for (const project of members) {
      rows.push(placeRow(project, y));
      y += GANTT.rowHeight;
    }
  }

  function placeRow(project: GanttProject, rowY: number): GanttRow {
    const dates = plannedDates({ start: project.plannedStart, durationMonths: project.durationMonths });
    const startMonth = project.plannedStart === null ? null : readMonth(project.plannedStart);
    const planned =
      dates?.months && startMonth !== null
        ? bar(monthX(startMonth), monthX(startMonth + dates.months), rowY, GANTT.plannedLane)
        : null;
    const openStartX = startMonth === null ? null : monthX(startMonth);
    const openStart =
      dates && dates.months === null && openStartX !== null && openStartX >= plotX && openStartX <= plotX + plotWidth
        ? { x: openStartX, y: rowY + GANTT.plannedLane.top + GANTT.plannedLane.height / 2 }
        : null;

    const started = project.actualStart ?? null;
    const finished = project.actualEnd ?? null;
    const forecastEnd = project.forecastEnd ?? null;
    let actual: Bar | null = null;
    let forecast: Bar | null = null;
    if (started !== null) {
      const doneUntil =
        finished !== null
          ? afterDay(finished)
          : today !== null && dayNumber(today) > dayNumber(started)
            ? dayX(today)
            : null;
      if (doneUntil !== null) actual = bar(dayX(started), doneUntil, rowY, GANTT.actualLane);
      if (finished === null && forecastEnd !== null) {
        const from = Math.max(dayX(started), today === null ? -Infinity : dayX(today));
        forecast = bar(from, afterDay(forecastEnd), rowY, GANTT.actualLane);
      }
    }

    const milestones = (project.milestones ?? []).flatMap((m): PlacedMilestone[] => {
      const x = dayX(m.due);
      if (x < plotX || x > plotX + plotWidth) return [];
      const cy = rowY + GANTT.actualLane.top + GANTT.actualLane.height / 2;
      const s = GANTT.milestoneSize;
      const status = statusOf(m, today);
      const path = `M${x},${cy - s} L${round(x + s)},${cy} L${x},${cy + s} L${round(x - s)},${cy} Z`;
      return [{ ...m, x, y: cy, path, status }];
    });

    return {
      number: project.number,
      title: project.title,
      shortTitle: shorten(project.title, GANTT.titleLength),
      y: rowY,
      planned,
      openStart,
      actual,
      forecast,
      milestones,
      description: describeRow(project, shown, today),
    };
  }

  const rowOf = new Map(rows.map((r) => [r.number, r]));
  const completed = new Set(projects.filter((p) => p.actualEnd).map((p) => p.number));
  const arrows: GanttArrow[] = projects.flatMap((project) =>
    project.dependsOn.flatMap((number): GanttArrow[] => {
      const before = rowOf.get(number);
      const after = rowOf.get(project.number);
      if (!before || !after || number === project.number) return [];
      // Where the prerequisite ends: its actual end, else its forecast, else the plan (not today's progress).
      const end = completed.has(number) ? before.actual : (before.forecast ?? before.planned);
      const startBar = after.actual ?? after.forecast ?? after.planned;
      // A bar cut by the window has no true end or start in view: no arrow rather than a false one.
      if (!end || end.cutEnd || startBar?.cutStart) return [];
      const start = startBar ? { x: startBar.x, y: startBar.y + startBar.height / 2 } : after.openStart;
      if (!start) return [];
      const [x1, y1] = [round(end.x + end.width), end.y + end.height / 2];
      const [x2, y2] = [start.x, start.y];
      const path = routeArrow({ x: x1, y: y1, row: before }, { x: x2, y: y2, row: after }, rows, {
        left: plotX,
        right: plotX + plotWidth,
      });
      return [{ from: number, to: project.number, path, conflict: x2 < x1 }];
    }),
  );

  const todayIndex = today === null ? null : monthOfDay(today);
  const todayOutside =
    todayIndex === null ? null : todayIndex < first ? 'avant' : todayIndex >= first + window.months ? 'apres' : null;
  return {
    width: plotX + plotWidth + GANTT.margin,
    height: y + GANTT.footerHeight + GANTT.margin,
    plot: { x: plotX, y: plotY, width: plotWidth, height: y - plotY },
    window,
    years,
    months,
    groups,
    rows,
    today:
      today !== null && todayOutside === null
        ? { x: dayX(today), label: frenchDay(today), labelY: y + GANTT.footerHeight - 3 }
        : null,
    todayOutside,
    arrows,
    summary:
      `${rows.length} projet${rows.length > 1 ? 's' : ''} sur ${window.months} mois (${window.label}). ` +
      'Pour chaque projet, la barre du haut montre les dates prévues au plan, celle du bas le réalisé puis la ' +
      'prévision ; les losanges sont les jalons, les flèches les dépendances.' +
      (today === null ? '' : ` Situation au ${frenchDay(today)}.`),
  };
}

// Hundredths of a unit are finer than any screen or printer; longer decimals only weigh on the page.
const round = (value: number) => Math.round(value * 100) / 100;

/** Without a today, a milestone not reached is simply ahead. */
const statusOf = (m: GanttMilestone, today: DayKey | null): MilestoneStatus =>
  today === null ? (m.doneOn === null ? 'due' : 'done') : milestoneStatus(m, today);

/** Cuts at a word boundary and marks the cut, so that a long title fits its column. */
/** Where a row's drawings are, horizontally: a vertical line through one of these would cross it. */
function occupied(row: GanttRow): [number, number][] {
  const pad = 3;
  const spans: [number, number][] = [row.planned, row.actual, row.forecast].flatMap((b) =>
    b ? [[b.x - pad, b.x + b.width + pad] as [number, number]] : [],
  );
  for (const m of row.milestones) spans.push([m.x - GANTT.milestoneSize - pad, m.x + GANTT.milestoneSize + pad]);
  // The open start's mark and its note « durée non chiffrée ».
  if (row.openStart) spans.push([row.openStart.x - pad, row.openStart.x + 120]);
  return spans;
}

const isFree = (spans: [number, number][], x: number) => spans.every(([a, b]) => x < a || x > b);

/**
 * A dependency arrow from the end of a bar to the start of another, in right angles: a step right,
 * down (or up) the rows, then right into the start. Where a row on the way has a bar under the
 * vertical line, the line moves sideways in the gap above (or below) that row to the nearest free
 * column, so that it crosses no other project's bar.
 */
export function routeArrow(
  from: { x: number; y: number; row: GanttRow },
  to: { x: number; y: number; row: GanttRow },
  rows: GanttRow[],
  plot: { left: number; right: number },
): string {
  const gap = GANTT.arrowGap;
  const down = to.row.y > from.row.y;
  const between = rows
    .filter((r) => (down ? r.y > from.row.y && r.y < to.row.y : r.y < from.row.y && r.y > to.row.y))
    .sort((a, b) => (down ? a.y - b.y : b.y - a.y));
  /** The gap at the edge of a row where the line enters it. */
  const entry = (r: GanttRow) => (down ? r.y : r.y + GANTT.rowHeight);
  const parts = [`M${from.x},${from.y}`];
  let x = round(from.x + gap);
  parts.push(`H${x}`);
  for (const r of between) {
    const spans = occupied(r);
    if (isFree(spans, x)) continue;
    const candidates = spans
      .flatMap(([a, b]) => [round(a - 1), round(b + 1)])
      .filter((c) => c >= plot.left && c <= plot.right && isFree(spans, c));
    if (candidates.length === 0) continue;
    // The nearest free column, the one towards the arrow's end when two are as near.
    const next = candidates.sort(
      (a, b) => Math.abs(a - x) - Math.abs(b - x) || Math.abs(a - to.x) - Math.abs(b - to.x),
    )[0] as number;
    parts.push(`V${entry(r)}`, `H${next}`);
    x = next;
  }
  // Into the start from its left: straight if there is room, else by a step back in the row's gap.
  if (to.x - x >= gap) parts.push(`V${to.y}`, `H${to.x}`);
  else parts.push(`V${entry(to.row)}`, `H${round(to.x - gap)}`, `V${to.y}`, `H${to.x}`);
  return parts.join(' ');
}

export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // Cut inside a word: back to the space before it, unless that would lose half the room.
  const space = text[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

function describeRow(project: GanttProject, shown: ReadonlySet<number>, today: DayKey | null): string {
  const dates = plannedDates({ start: project.plannedStart, durationMonths: project.durationMonths });
  const parts = [
    `Projet ${project.number} — ${project.title || 'sans titre'}${project.stateLabel ? ` (${project.stateLabel.toLowerCase()})` : ''}.`,
    dates ? `Prévu : ${dates.label}.` : 'Dates prévues non renseignées.',
  ];
  const started = project.actualStart ?? null;
  const finished = project.actualEnd ?? null;
  const expectedEnd = finished ?? project.forecastEnd ?? null;
  if (started !== null) parts.push(`Démarré le ${frenchDay(started)}.`);
  if (expectedEnd !== null) {
    const slip = dates?.endDay ? ` (${endSlippage(dates.endDay, expectedEnd).label})` : '';
    parts.push(`${finished !== null ? 'Terminé le' : 'Fin prévue le'} ${frenchDay(expectedEnd)}${slip}.`);
  }
  if (project.dependsOn.length > 0) {
    const named = project.dependsOn.map((n) => `projet ${n}${shown.has(n) ? '' : ' (hors de la sélection)'}`);
    parts.push(`Dépend du ${named.join(', du ')}.`);
  }
  const milestones = project.milestones ?? [];
  if (milestones.length > 0) {
    const items = milestones.map((m) => {
      const status = statusOf(m, today);
      return `${m.label} (${frenchDay(m.due)}, ${MILESTONE_STATUS_LABELS[status]})`;
    });
    parts.push(`Jalons : ${items.join(' ; ')}.`);
  }
  return parts.join(' ');
}
