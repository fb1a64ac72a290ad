import { beforeAll, describe, expect, it } from 'vitest';
import type { PortfolioProject } from '../services/portfolio/project.ts';
import { loadShippedPortfolio } from '../services/portfolio/shipped-portfolio.ts';
import { GANTT, type GanttProject, layoutGantt, shorten } from '../ui/src/lib/gantt-layout.ts';

// Where the Gantt chart puts things, in SVG units. With the plan's window, month m (0 = November 2017)
// starts at x = 300 + 18 m; rows start under the two header lines (y = 38), each axis heading takes 26
// and each project row 28.

const X0 = GANTT.labelWidth;
const M = GANTT.monthWidth;
const monthX = (m: number) => X0 + m * M;

let plan: GanttProject[];
beforeAll(async () => {
  plan = (await loadShippedPortfolio()).projects.map(toGantt);
});

function toGantt(p: PortfolioProject): GanttProject {
  return {
    number: p.number,
    title: p.title,
    axis: p.axis,
    plannedStart: p.start,
    durationMonths: p.durationMonths,
    dependsOn: p.dependsOn,
  };
}

/** The numbers of an SVG path, to compare with computed positions. */
const numbersOf = (path: string | undefined) => (path ?? '').match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)?.map(Number) ?? [];
// Positions are rounded to the hundredth.
const near = (value: number) => expect.closeTo(value, 2);

const rowOf = (layout: ReturnType<typeof layoutGantt>, n: number) => {
  const row = layout.rows.find((r) => r.number === n);
  if (!row) throw new Error(`ligne du projet ${n} absente`);
  return row;
};

describe('the Gantt layout of the plan', () => {
  it('has a column per month of the 42, under French year and month headings', () => {
    const layout = layoutGantt(plan);
    expect(layout.window.label).toBe('novembre 2017 – avril 2021');
    expect(layout.plot).toMatchObject({ x: 300, y: 38, width: 42 * 18 });
    expect(layout.months).toHaveLength(42);
    expect(layout.months[0]).toEqual({ x: 300, width: 18, initial: 'N', name: 'novembre 2017', january: false });
    expect(layout.months[2]).toMatchObject({ initial: 'J', name: 'janvier 2018', january: true });
    expect(layout.months.at(-1)).toMatchObject({ x: monthX(41), name: 'avril 2021', initial: 'A' });
    expect(layout.years).toEqual([
      { x: 300, width: 36, label: '2017' },
      { x: monthX(2), width: 216, label: '2018' },
      { x: monthX(14), width: 216, label: '2019' },
      { x: monthX(26), width: 216, label: '2020' },
      { x: monthX(38), width: 72, label: '2021' },
    ]);
    expect(layout.width).toBe(300 + 756 + GANTT.margin);
  });

  it('groups the rows by axis, in the plan’s order', () => {
    const layout = layoutGantt(plan);
    expect(layout.groups.map((g) => [g.label, g.y])).toEqual([
      ['Axe 1 — Gouvernance du SIAMO et renforcement de l’ICAMO', 38],
      ['Axe 2 — Renforcement du modèle IPM', 38 + 26 + 9 * 28],
      ['Axe 3 — Services aux bénéficiaires et aux prestataires', 38 + 2 * 26 + 13 * 28],
      ['Axe 4 — Accompagnement de la transformation', 38 + 3 * 26 + 24 * 28],
    ]);
    expect(layout.rows.map((r) => r.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(rowOf(layout, 10).y).toBe(38 + 2 * 26 + 9 * 28);
    expect(layout.height).toBe(38 + 4 * 26 + 27 * 28 + GANTT.footerHeight + GANTT.margin);
  });

  it('draws each planned bar from its start month for its duration, cut at the window’s end', () => {
    const layout = layoutGantt(plan);
    expect(rowOf(layout, 1).planned).toEqual({
      x: 300,
      y: 64 + GANTT.plannedLane.top,
      width: 24 * 18,
      height: GANTT.plannedLane.height,
      cutStart: false,
      cutEnd: false,
    });
    expect(rowOf(layout, 3).planned).toMatchObject({ x: monthX(4), width: 4 * 18 });
    // Project 20 runs March 2020 + 24 months, to February 2022: cut at April 2021.
    expect(rowOf(layout, 20).planned).toMatchObject({ x: monthX(28), width: monthX(42) - monthX(28), cutEnd: true });
    expect(rowOf(layout, 27).planned).toMatchObject({ x: monthX(30), width: 12 * 18, cutEnd: false });
  });

  it('marks the start of project 4, whose duration the plan does not give, without inventing an end', () => {
    const row = rowOf(layoutGantt(plan), 4);
    expect(row.planned).toBeNull();
    expect(row.openStart).toEqual({ x: monthX(10), y: row.y + GANTT.plannedLane.top + GANTT.plannedLane.height / 2 });
    expect(row.description).toContain('Prévu : à partir de septembre 2018 (durée non chiffrée).');
  });

  it('draws an arrow for each dependency, flagging the one the plan breaks', () => {
    const layout = layoutGantt(plan);
    expect(layout.arrows.map((a) => `${a.from}→${a.to}${a.conflict ? ' !' : ''}`)).toEqual([
      '2→3',
      '3→4',
      '6→7',
      '8→9',
      '11→12',
      '17→18',
      '19→20 !',
      '12→26',
      '13→26',
    ]);
    // Project 2 ends where project 3 starts (March 2018): the arrow steps down between the rows.
    const row3 = rowOf(layout, 3);
    const mid = (y: number) => y + GANTT.plannedLane.top + GANTT.plannedLane.height / 2;
    expect(layout.arrows[0]?.path).toBe(
      `M${monthX(4)},${mid(rowOf(layout, 2).y)} H${monthX(4) + 6} V${row3.y} H${monthX(4) - 6} V${mid(row3.y)} H${monthX(4)}`,
    );
    // Project 12 ends in September 2018, project 26 starts in November, fourteen rows below: an elbow
    // whose way down steps aside around the bars in between (test/gantt-arrows.test.ts).
    const twelve = layout.arrows[7]?.path ?? '';
    expect(twelve.startsWith(`M${monthX(11)},${mid(rowOf(layout, 12).y)} H${monthX(11) + 6} `)).toBe(true);
    expect(twelve.endsWith(` V${mid(rowOf(layout, 26).y)} H${monthX(12)}`)).toBe(true);
    // Project 3's arrow reaches project 4's start mark.
    expect(layout.arrows[1]?.path.endsWith(`H${monthX(10)}`)).toBe(true);
  });

  it('draws no today line when today is outside the window, and says where it is', () => {
    expect(layoutGantt(plan, { today: '2026-11-29' })).toMatchObject({ today: null, todayOutside: 'apres' });
    expect(layoutGantt(plan, { today: '2017-10-31' })).toMatchObject({ today: null, todayOutside: 'avant' });
    expect(layoutGantt(plan)).toMatchObject({ today: null, todayOutside: null });
  });
});

describe('the Gantt layout of projects under way', () => {
  const underWay: GanttProject[] = [
    {
      number: 3,
      title: 'Stratégie de transition',
      axis: 1,
      plannedStart: '2018-03',
      durationMonths: 4,
      actualStart: '2018-04-16',
      forecastEnd: '2018-09-30',
      dependsOn: [2],
      stateLabel: 'Démarré',
      milestones: [
        { label: 'Stratégie validée', due: '2018-05-15', doneOn: '2018-05-20' },
        { label: 'Comité de lancement', due: '2018-07-10', doneOn: null },
        { label: 'Cahier des charges', due: '2018-09-01', doneOn: null },
      ],
    },
    {
      number: 2,
      title: 'Cartographie',
      axis: 1,
      plannedStart: '2018-01',
      durationMonths: 2,
      actualStart: '2018-01-08',
      actualEnd: '2018-03-20',
      dependsOn: [],
    },
  ];
  const today = '2018-07-15';
  // 15 July 2018 is 14 days into July (month 8, 31 days).
  const todayX = monthX(8) + (14 / 31) * M;

  it('draws the today line at the day', () => {
    expect(layoutGantt(underWay, { today }).today).toEqual({
      x: near(todayX),
      label: '15 juillet 2018',
      labelY: 38 + 26 + 2 * 28 + GANTT.footerHeight - 3,
    });
  });

  it('draws what is done up to today and the forecast beyond, in the lower lane', () => {
    const layout = layoutGantt(underWay, { today });
    const row = rowOf(layout, 3);
    const startX = monthX(5) + (15 / 30) * M; // 16 April
    expect(row.actual).toEqual({
      x: near(startX),
      y: row.y + GANTT.actualLane.top,
      width: near(todayX - startX),
      height: GANTT.actualLane.height,
      cutStart: false,
      cutEnd: false,
    });
    expect(row.forecast).toMatchObject({ x: near(todayX), width: near(monthX(11) - todayX) });
    // A completed project: done from its start to the end of its last day, 20 March.
    const done = rowOf(layout, 2);
    const [from, to] = [monthX(2) + (7 / 31) * M, monthX(4) + (20 / 31) * M];
    expect(done.actual).toMatchObject({ x: near(from), width: near(to - from) });
    expect(done.forecast).toBeNull();
  });

  it('places milestones on their day, done, due or overdue as of today', () => {
    const row = rowOf(layoutGantt(underWay, { today }), 3);
    expect(row.milestones.map((m) => [m.label, m.status, m.x])).toEqual([
      ['Stratégie validée', 'done', near(monthX(6) + (14 / 31) * M)],
      ['Comité de lancement', 'overdue', near(monthX(8) + (9 / 31) * M)],
      ['Cahier des charges', 'due', near(monthX(10))],
    ]);
    const [first] = row.milestones;
    const cy = row.y + GANTT.actualLane.top + GANTT.actualLane.height / 2;
    expect(first?.path).toBe(
      `M${first?.x},${cy - 6} L${(first?.x ?? 0) + 6},${cy} L${first?.x},${cy + 6} L${(first?.x ?? 0) - 6},${cy} Z`,
    );
  });

  it('links a finished prerequisite from its actual end to the actual start', () => {
    const [arrow] = layoutGantt(underWay, { today }).arrows;
    expect(arrow).toMatchObject({ from: 2, to: 3, conflict: false });
    const points = numbersOf(arrow?.path);
    expect(points[0]).toBeCloseTo(monthX(4) + (20 / 31) * M, 2);
    expect(points.at(-1)).toBeCloseTo(monthX(5) + (15 / 30) * M, 2);
  });

  it('says it all in words, for those who cannot see the chart', () => {
    const row = rowOf(layoutGantt(underWay, { today }), 3);
    expect(row.description).toBe(
      'Projet 3 — Stratégie de transition (démarré). Prévu : mars 2018 – juin 2018 (4 mois). ' +
        'Démarré le 16 avril 2018. Fin prévue le 30 septembre 2018 (en retard de 3 mois). Dépend du projet 2. ' +
        'Jalons : Stratégie validée (15 mai 2018, atteint) ; Comité de lancement (10 juillet 2018, en retard) ; ' +
        'Cahier des charges (1er septembre 2018, à venir).',
    );
  });
});

describe('the Gantt layout of a filtered list', () => {
  it('shows only the given projects and the arrows between them, and names the prerequisites left out', () => {
    const layout = layoutGantt(plan.filter((p) => p.number === 26 || p.number === 13 || p.axis === 3));
    expect(layout.groups.map((g) => g.axis)).toEqual([2, 3, 4]);
    expect(layout.rows.map((r) => r.number)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26]);
    expect(layout.arrows.map((a) => `${a.from}→${a.to}`)).toEqual(['17→18', '19→20', '13→26']);
    expect(rowOf(layout, 26).description).toContain('Dépend du projet 12 (hors de la sélection), du projet 13.');
  });

  it('takes another window, where project 20 ends in full', () => {
    const layout = layoutGantt(plan, { window: { start: '2020-01', months: 26 } });
    expect(layout.months).toHaveLength(26);
    expect(rowOf(layout, 20).planned).toMatchObject({ x: 300 + 2 * M, width: 24 * M, cutEnd: false });
    // Projects that ended before the window have no bar, and arrows from cut bars are left out.
    expect(rowOf(layout, 2).planned).toBeNull();
    expect(layout.arrows.map((a) => `${a.from}→${a.to}`)).toEqual(['19→20']);
  });
});

describe('long titles', () => {
  it('are cut at a word boundary with an ellipsis', () => {
    expect(shorten('Mise en œuvre des référentiels cibles', 46)).toBe('Mise en œuvre des référentiels cibles');
    expect(shorten('Définition de la stratégie et des cahiers des charges en vue de la transition', 46)).toBe(
      'Définition de la stratégie et des cahiers des…',
    );
  });
});
