import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { actionSummary, type ChartInput, type Diagram, type DiagramEdge, type DiagramState, FONT } from '../diagram.ts';
import { textWidth, wrap } from '../text-measure.ts';

// Lays a process's statechart out with ELK's layered algorithm (what statechart editors use), on the
// server: the page receives the boxes and the routed edges and draws plain SVG, so a phone downloads
// no layout library. ELK places each transition's label as a box of its own, so that labels never
// overlap each other nor the states, and routes edges orthogonally around the states.
// A transition that stays in its state (editing the case's data, depositing a piece) is not drawn as
// an arrow: those are listed under the state's name, and in the text alternative.

const STATE_PADDING = { x: 14, y: 10 };
const LABEL_PADDING = 3;
const STATE_MIN_WIDTH = 120;

const elk = new ELK();
const cache = new Map<string, Promise<Diagram>>();

/** The layout of a chart; a process version never changes once deployed, so each is computed once. */
export function layoutStatechart(key: string, chart: ChartInput): Promise<Diagram> {
  let layout = cache.get(key);
  if (!layout) {
    layout = computeLayout(chart);
    layout.catch(() => cache.delete(key));
    cache.set(key, layout);
  }
  return layout;
}

export async function computeLayout(chart: ChartInput): Promise<Diagram> {
  const stateSizes = new Map(
    chart.states.map((s) => {
      const lines = wrap(s.label, 22);
      const actions = chart.transitions.filter((t) => t.from === s.id && t.to === s.id).map((t) => t.label);
      const actionLines = actions.length > 0 ? [actionSummary(actions.length)] : [];
      const width = Math.max(
        STATE_MIN_WIDTH,
        ...lines.map((l) => textWidth(l, FONT.state)),
        ...actionLines.map((l) => textWidth(l, FONT.action)),
      );
      const height = lines.length * FONT.stateLine + actionLines.length * FONT.actionLine;
      return [
        s.id,
        { lines, actions, width: width + 2 * STATE_PADDING.x, height: height + 2 * STATE_PADDING.y },
      ] as const;
    }),
  );
  const moves = chart.transitions.filter((t) => t.from !== t.to);
  const edgeLines = moves.map((t) => wrap(t.label, 20));
  const graph: ElkNode = {
    id: 'processus',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeNode': '14',
      'elk.spacing.edgeEdge': '10',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.labelLabel': '6',
      'elk.spacing.labelNode': '8',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // The definition's order is the process's reading order: keep it where crossings allow.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      'elk.layered.edgeLabels.sideSelection': 'SMART_DOWN',
    },
    children: chart.states.map((s) => {
      const size = stateSizes.get(s.id) as { width: number; height: number };
      return {
        id: s.id,
        width: size.width,
        height: size.height,
        ...(s.id === chart.initial ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } } : {}),
      };
    }),
    edges: moves.map(
      (t, i): ElkExtendedEdge => ({
        id: `t${i}`,
        sources: [t.from],
        targets: [t.to],
        labels: [
          {
            text: t.label,
            width: Math.max(...edgeLines[i].map((l) => textWidth(l, FONT.edge))) + 2 * LABEL_PADDING,
            height: edgeLines[i].length * FONT.edgeLine + 2 * LABEL_PADDING,
            layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' },
          },
        ],
      }),
    ),
  };
  const laid = await elk.layout(graph);
  const byId = new Map(chart.states.map((s) => [s.id, s]));
  const states: DiagramState[] = (laid.children ?? []).map((node) => {
    const s = byId.get(node.id) as ChartInput['states'][number];
    const size = stateSizes.get(node.id) as { lines: string[]; actions: string[] };
    return {
      id: s.id,
      label: s.label,
      terminal: s.terminal,
      initial: s.id === chart.initial,
      x: node.x ?? 0,
      y: node.y ?? 0,
      width: node.width ?? 0,
      height: node.height ?? 0,
      lines: size.lines,
      actions: size.actions,
    };
  });
  const edges: DiagramEdge[] = (laid.edges ?? []).map((edge, i) => {
    const t = moves[i];
    const label = edge.labels?.[0];
    const points = (edge.sections ?? []).flatMap((section) => [
      section.startPoint,
      ...(section.bendPoints ?? []),
      section.endPoint,
    ]);
    return {
      from: t.from,
      to: t.to,
      event: t.event,
      label: t.label,
      path: points.map((p, j) => `${j === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' '),
      labelX: round(label?.x ?? 0),
      labelY: round(label?.y ?? 0),
      labelWidth: round(label?.width ?? 0),
      labelHeight: round(label?.height ?? 0),
      lines: edgeLines[i],
    };
  });
  return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), states, edges };
}

const round = (n: number) => Math.round(n * 10) / 10;
