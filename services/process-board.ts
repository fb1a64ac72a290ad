import type { Case } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma/client.ts';
import { DEFINITIONS, latestDefinition } from '../processes/registry.ts';
import { caseVisibilityWhere } from './case-access.ts';
import { SiamoError } from './errors.ts';
import type { Viewer } from './viewer.ts';

// The board of a process, for those who steer it (the ministry for licence files): how many cases
// stand in each state, how many are overdue, and how long a case stays in each step on average. Read
// from the projection and the audit trail; a case moved to another version counts under its state.

export interface BoardState {
  state: string;
  label: string;
  terminal: boolean;
  /** Cases in this state now. */
  count: number;
  /** Of those, how many are past the step's due date. */
  overdue: number;
  /** Stays in this state that have ended, and their mean length in seconds (null when none has). */
  completedStays: number;
  meanSeconds: number | null;
}

export interface ProcessBoard {
  processId: string;
  title: string;
  total: number;
  open: number;
  overdue: number;
  states: BoardState[];
  /** The open cases past their step's due date, the most overdue first. */
  overdueCases: Case[];
}

export const BOARD_OVERDUE_LIMIT = 50;

export async function processBoard(prisma: PrismaClient, viewer: Viewer, processId: string): Promise<ProcessBoard> {
  const latest = latestDefinition(processId);
  if (!latest) throw new SiamoError('introuvable', `Le processus « ${processId} » n’existe pas.`);
  const visible = caseVisibilityWhere(viewer);
  // The viewer's organisation narrows everything, as for any list of cases.
  const organisation = 'organisationId' in visible ? (visible.organisationId as string) : null;
  const now = new Date();
  const [counts, stays, overdueCases] = await Promise.all([
    prisma.$queryRaw<{ state: string; terminal: boolean; count: number; overdue: number }[]>`
      SELECT "state", bool_or("terminal") AS "terminal", count(*)::int AS "count",
             (count(*) FILTER (WHERE NOT "terminal" AND "dueAt" < ${now}))::int AS "overdue"
      FROM "Case"
      WHERE "processId" = ${processId} AND (${organisation}::text IS NULL OR "organisationId" = ${organisation})
      GROUP BY "state"`,
    // A stay begins with a change of state and ends with the next one: transitions within a state
    // (a document attached, a draft completed) do not cut it.
    prisma.$queryRaw<{ state: string; completed: number; mean: number | null }[]>`
      WITH changes AS (
        SELECT a."toState" AS "state", a."at",
               lead(a."at") OVER (PARTITION BY a."caseId" ORDER BY a."revision") AS "leftAt"
        FROM "AuditEntry" a JOIN "Case" c ON c."id" = a."caseId"
        WHERE c."processId" = ${processId}
          AND (${organisation}::text IS NULL OR c."organisationId" = ${organisation})
          AND (a."fromState" IS NULL OR a."fromState" <> a."toState")
      )
      SELECT "state", count("leftAt")::int AS "completed",
             (avg(extract(epoch FROM "leftAt" - "at")) FILTER (WHERE "leftAt" IS NOT NULL))::float8 AS "mean"
      FROM changes GROUP BY "state"`,
    prisma.case.findMany({
      where: { processId, terminal: false, dueAt: { lt: now }, ...visible },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: BOARD_OVERDUE_LIMIT,
    }),
  ]);
  const label = (state: string) =>
    latest.states[state]?.label ??
    DEFINITIONS.filter((d) => d.id === processId).find((d) => d.states[state])?.states[state]?.label ??
    state;
  const byState = new Map(counts.map((c) => [c.state, c]));
  const stayOf = new Map(stays.map((s) => [s.state, s]));
  const order = [
    ...Object.keys(latest.states),
    ...[...new Set([...byState.keys(), ...stayOf.keys()])].filter((s) => !latest.states[s]),
  ];
  const states: BoardState[] = order.map((state) => ({
    state,
    label: label(state),
    terminal: byState.get(state)?.terminal ?? latest.states[state]?.terminal === true,
    count: byState.get(state)?.count ?? 0,
    overdue: byState.get(state)?.overdue ?? 0,
    completedStays: stayOf.get(state)?.completed ?? 0,
    meanSeconds: stayOf.get(state)?.mean ?? null,
  }));
  return {
    processId,
    title: latest.title,
    total: states.reduce((n, s) => n + s.count, 0),
    open: states.filter((s) => !s.terminal).reduce((n, s) => n + s.count, 0),
    overdue: states.reduce((n, s) => n + s.overdue, 0),
    states,
    overdueCases,
  };
}
