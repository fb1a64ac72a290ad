// The process diagram as the server lays it out (lib/server/statechart-layout.ts) and the page draws it.

export interface ChartInput {
  initial: string;
  states: { id: string; label: string; terminal: boolean }[];
  transitions: { from: string; to: string; label: string; event: string }[];
}

export interface DiagramState {
  id: string;
  label: string;
  terminal: boolean;
  initial: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  /** Labels of the actions that leave the case in this state. */
  actions: string[];
}

export interface DiagramEdge {
  from: string;
  to: string;
  event: string;
  label: string;
  path: string;
  /** The label's box (top left corner) and its lines. */
  labelX: number;
  labelY: number;
  labelWidth: number;
  labelHeight: number;
  lines: string[];
}

export interface Diagram {
  width: number;
  height: number;
  states: DiagramState[];
  edges: DiagramEdge[];
}

/** Font sizes and line heights (pixels) the layout measures with and the drawing uses. */
export const FONT = {
  state: 13,
  action: 11,
  edge: 11,
  stateLine: 16,
  actionLine: 14,
  edgeLine: 13,
};

export const actionSummary = (count: number) =>
  count === 1 ? '↻ 1 action sans changer d’état' : `↻ ${count} actions sans changer d’état`;

/** The key of a transition, to tell the ones a case took. */
export const transitionKey = (from: string, event: string, to: string) => `${from}|${event}|${to}`;
