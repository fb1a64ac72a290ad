import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export interface RegisterEntry {
  id: string;
  cardNumber: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  employerName: string;
  activeToday: boolean;
}

const KINDS = ['nom', 'carte', 'matricule', 'nin'] as const;
type Kind = (typeof KINDS)[number];

// The form is for the IPM's people only: others are told so at once rather than on their first search.
export const load: PageServerLoad = async ({ parent }) => {
  const { operations } = await parent();
  if (!operations.includes('registerSearch'))
    error(403, 'Le registre des participants est réservé au gérant et aux agents d’une IPM.');
  return {};
};

// The search is POSTed: a name or a NIN typed never lands in an address (history, logs, referrers).
// The API searches the viewer's IPM only, and compares a NIN through its blind index.
export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const by: Kind = (KINDS as readonly string[]).includes(String(form.get('par')))
      ? (String(form.get('par')) as Kind)
      : 'nom';
    const query = String(form.get('q') ?? '');
    const { data } = await graphql<{
      registerSearch: { __typename: string; entries?: RegisterEntry[] } | ApiError;
    }>(
      locals.session,
      `query ($by: ParticipantSearchBy!, $query: String!) { registerSearch(by: $by, query: $query) { __typename
        ... on ParticipantRegisterSearch { entries { id cardNumber matricule lastName firstNames birthDate employerName activeToday } }
        ${ERROR_FIELDS} } }`,
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
