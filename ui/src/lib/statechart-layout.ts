// Lays a process out for drawing: states in columns by their distance from the initial state,
// transitions as lines between them. Pure, so the server renders the diagram as plain SVG (no
// diagram library to download on a slow connection).

export interface ChartState {
  id: string;
  label: string;
  terminal: boolean;
}

export interface ChartTransition {
  from: string;
  to: string;
  label: string;
}

export interface PlacedState extends ChartState {
  x: number;
  y: number;
  column: number;
}

export interface PlacedTransition extends ChartTransition {
  path: string;
  /** Where to put the label. */
  labelX: number;
  labelY: number;
  /** A transition back to an earlier column (a loop), drawn as a curve. */
  backwards: boolean;
}

export const BOX = { width: 168, height: 52, columnGap: 130, rowGap: 44, margin: 12 };

export function layoutStatechart(
  initial: string,
  states: ChartState[],
  transitions: ChartTransition[],
): { width: number; height: number; states: PlacedState[]; transitions: PlacedTransition[] } {
  const column = new Map<string, number>([[initial, 0]]);
  const queue = [initial];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const t of transitions) {
      if (t.from === id && !column.has(t.to)) {
        column.set(t.to, (column.get(id) ?? 0) + 1);
        queue.push(t.to);
      }
    }
  }
  const lastColumn = Math.max(0, ...column.values());
  // Unreachable states (none in a checked definition) go after the last column rather than vanish.
  for (const s of states) if (!column.has(s.id)) column.set(s.id, lastColumn + 1);

  const rows = new Map<number, number>();
  const placed: PlacedState[] = states
    .slice()
    .sort((a, b) => (column.get(a.id) ?? 0) - (column.get(b.id) ?? 0))
    .map((s) => {
      const c = column.get(s.id) ?? 0;
      const row = rows.get(c) ?? 0;
      rows.set(c, row + 1);
      return {
        ...s,
        column: c,
        x: BOX.margin + c * (BOX.width + BOX.columnGap),
        y: BOX.margin + row * (BOX.height + BOX.rowGap),
      };
    });
  const byId = new Map(placed.map((s) => [s.id, s]));
  const placedTransitions: PlacedTransition[] = transitions.flatMap((t) => {
    const a = byId.get(t.from);
    const b = byId.get(t.to);
    if (!a || !b) return [];
    const backwards = b.column <= a.column && a.id !== b.id;
    const x1 = backwards ? a.x + BOX.width / 2 : a.x + BOX.width;
    const y1 = backwards ? a.y + BOX.height : a.y + BOX.height / 2;
    const x2 = backwards ? b.x + BOX.width / 2 : b.x;
    const y2 = backwards ? b.y + BOX.height : b.y + BOX.height / 2;
    const bend = Math.max(a.y, b.y) + BOX.height + BOX.rowGap;
    const path = backwards
      ? `M${x1},${y1} C${x1},${bend} ${x2},${bend} ${x2},${y2}`
      : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    // Forward labels sit in the gap just after the source box, where edges from one box have not met others.
    const labelX = backwards ? (x1 + x2) / 2 : x1 + BOX.columnGap / 2;
    const labelY = backwards ? bend - 4 : y1 + (y2 - y1) * 0.25 - 4;
    return [{ ...t, path, backwards, labelX, labelY }];
  });
  const width = Math.max(...placed.map((s) => s.x + BOX.width)) + BOX.margin;
  const height = Math.max(...placed.map((s) => s.y + BOX.height)) + BOX.margin + BOX.rowGap * 2;
  return { width, height, states: placed, transitions: placedTransitions };
}
