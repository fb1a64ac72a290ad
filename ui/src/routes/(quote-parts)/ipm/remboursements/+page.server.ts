import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

// Reimbursements due to members start from the participant: found through the register's search
// (POSTed, so that a name or a NIN typed never lands in an address), then recorded and paid on the
// participant's file, section « Remboursements ».

interface Found {
  id: string;
  cardNumber: string;
  lastName: string;
  firstNames: string;
  employerName: string;
}

const KINDS = ['nom', 'carte', 'matricule', 'nin'] as const;
type Kind = (typeof KINDS)[number];

export const load: PageServerLoad = async ({ parent }) => {
  const { operations } = await parent();
  if (!operations.includes('recordReimbursement'))
    error(403, 'Les remboursements aux assurés sont réservés au gérant et aux agents d’une IPM.');
  return {};
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const typed = String(form.get('par'));
    const by: Kind = (KINDS as readonly string[]).includes(typed) ? (typed as Kind) : 'nom';
    const query = String(form.get('q') ?? '');
    const { data } = await graphql<{ registerSearch: { __typename: string; entries?: Found[] } | ApiError }>(
      locals.session,
      `query ($by: ParticipantSearchBy!, $query: String!) { registerSearch(by: $by, query: $query) { __typename
        ... on ParticipantRegisterSearch { entries { id cardNumber lastName firstNames employerName } } ${ERROR_FIELDS} } }`,
      { by, query },
    );
    const answer = data.registerSearch;
    // The NIN typed is not sent back into the page.
    const kept = by === 'nin' ? '' : query;
    if (!('entries' in answer) || !answer.entries)
      return fail(400, { by, query: kept, entries: null, message: (answer as ApiError).message });
    return { by, query: kept, entries: answer.entries, message: null };
  },
};
