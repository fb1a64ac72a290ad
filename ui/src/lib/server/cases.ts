import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from './api.ts';

export interface CaseSummary {
  id: string;
  businessKey: string;
  processId: string;
  version: number;
  stateLabel: string;
  terminal: boolean;
  dueAt: string | null;
  overdue: boolean;
  updatedAt: string;
  process: { title: string };
  organisation: { name: string } | null;
  availableEvents: { id: string; label: string }[];
  /** The case's data: lists show what the key stands for (a project's title, an IPM's name). */
  context: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const CASE_SUMMARY = `id businessKey processId version stateLabel terminal dueAt overdue updatedAt context
  process { title } organisation { name } availableEvents { id label }`;

type Connection = { edges: { node: CaseSummary }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
type ListResult = { __typename: string; data?: Connection; message?: string };

const toPage = (result: ListResult): Page<CaseSummary> => {
  if (!result.data) error(403, result.message ?? 'Accès refusé.');
  return {
    items: result.data.edges.map((e) => e.node),
    endCursor: result.data.pageInfo.endCursor,
    hasNextPage: result.data.pageInfo.hasNextPage,
  };
};

export async function loadInbox(session: string | undefined, first: number, after?: string | null) {
  const { data } = await graphql<{ inbox: ListResult }>(
    session,
    `query ($first: Int, $after: String) {
      inbox(first: $first, after: $after) {
        __typename
        ... on InboxSuccess { data { edges { node { ${CASE_SUMMARY} } } pageInfo { endCursor hasNextPage } } }
        ${ERROR_FIELDS}
      }
    }`,
    { first, after: after ?? null },
  );
  return toPage(data.inbox);
}

export interface CaseFilter {
  processId?: string;
  /** The person the case is entrusted to (a user id). */
  assigneeId?: string;
  state?: string;
  text?: string;
  overdue?: boolean;
  terminal?: boolean;
}

export async function loadCases(session: string | undefined, filter: CaseFilter, first: number, after?: string | null) {
  const { data } = await graphql<{ cases: ListResult }>(
    session,
    `query ($filter: CaseFilter, $first: Int, $after: String) {
      cases(filter: $filter, first: $first, after: $after) {
        __typename
        ... on CasesSuccess { data { edges { node { ${CASE_SUMMARY} } } pageInfo { endCursor hasNextPage } } }
        ${ERROR_FIELDS}
      }
    }`,
    { filter, first, after: after ?? null },
  );
  return toPage(data.cases);
}

export interface StartableProcess {
  id: string;
  title: string;
  description: string | null;
  latest: { version: number; canStart: boolean; startInput: Record<string, unknown>; statechart: unknown };
}

export async function loadProcesses(session: string | undefined): Promise<StartableProcess[]> {
  const { data } = await graphql<{ processes: { data?: StartableProcess[]; message?: string } }>(
    session,
    `query { processes { ... on ProcessesSuccess { data { id title description
        latest { version canStart startInput statechart } } } ${ERROR_FIELDS} } }`,
  );
  if (!data.processes.data) error(403, data.processes.message ?? 'Accès refusé.');
  return data.processes.data;
}
