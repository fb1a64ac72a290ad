import { error } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { CASE_SUMMARY, type CaseSummary } from '$lib/server/cases.ts';
import type { DomainModule } from '../../../../processes/domain.ts';
import { DOMAINS } from '../../../../processes/domains.ts';
import type { PageServerLoad } from './$types';

/** The processes the domains put on this board, in their order (a licence's life first). */
const BOARD_PROCESSES: readonly string[] = (DOMAINS as readonly DomainModule[]).flatMap((d) => d.board ?? []);

interface Board {
  processId: string;
  title: string;
  total: number;
  open: number;
  overdue: number;
  states: {
    state: string;
    label: string;
    terminal: boolean;
    count: number;
    overdue: number;
    completedStays: number;
    meanSeconds: number | null;
  }[];
  overdueCases: CaseSummary[];
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const processId = url.searchParams.get('processus') || BOARD_PROCESSES[0] || 'agrement';
  const { data } = await graphql<{
    processBoard: ({ __typename: 'ProcessBoard' } & Board) | ApiError;
    processes: { data?: { id: string; title: string }[] };
  }>(
    locals.session,
    `query ($processId: String!) {
      processBoard(processId: $processId) {
        __typename
        ... on ProcessBoard {
          processId title total open overdue
          states { state label terminal count overdue completedStays meanSeconds }
          overdueCases { ${CASE_SUMMARY} }
        }
        ${ERROR_FIELDS}
      }
      processes { ... on ProcessesSuccess { data { id title } } }
    }`,
    { processId },
  );
  const board = data.processBoard;
  // The API decides who may see a board: a refusal is the page's 403, in the API's words.
  if (board.__typename === 'NotFoundError') error(404, (board as ApiError).message);
  if (board.__typename !== 'ProcessBoard') error(403, (board as ApiError).message);
  const processes = (data.processes.data ?? [])
    .filter((p) => BOARD_PROCESSES.includes(p.id))
    .sort((a, b) => BOARD_PROCESSES.indexOf(a.id) - BOARD_PROCESSES.indexOf(b.id));
  return { board: board as Board, processes, generatedAt: new Date().toISOString() };
};
