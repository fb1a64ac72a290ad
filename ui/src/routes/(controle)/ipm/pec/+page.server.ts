import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';
import { IPM_PEC_ROW, type IpmPecRow, WAITING_STATES } from './pec-row.ts';

// The requests made to the IPM: those that wait for its decision first (the oldest planned date
// first, the most urgent), then the others as the API gives them (newest first).

export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{ pecRequests: { __typename: string; message?: string; data?: IpmPecRow[] } }>(
    locals.session,
    `{ pecRequests(first: 100) { __typename ... on PecRequestsSuccess { data { ${IPM_PEC_ROW} } } ${ERROR_FIELDS} } }`,
  );
  const list = data.pecRequests;
  if (!list.data) error(403, list.message ?? 'Votre rôle ne permet pas de consulter les prises en charge.');
  const waiting = list.data
    .filter((r) => WAITING_STATES.includes(r.state))
    .sort((a, b) => a.plannedDate.localeCompare(b.plannedDate));
  const others = list.data.filter((r) => !WAITING_STATES.includes(r.state));
  return { waiting, others };
};
