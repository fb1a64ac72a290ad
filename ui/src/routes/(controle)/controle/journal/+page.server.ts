import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

// The log of rights checks the person may see: a provider its own, an IPM its members'.

interface Entry {
  checkNumber: string;
  at: string;
  careDate: string | null;
  channel: string;
  covered: boolean;
  answer: string;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const after = url.searchParams.get('apres');
  const { data } = await graphql<{
    rightsChecks: {
      __typename: string;
      message?: string;
      entries?: Entry[];
      hasNextPage?: boolean;
      endCursor?: string;
    };
  }>(
    locals.session,
    `query($after: String) { rightsChecks(first: 50, after: $after) { __typename
      ... on RightsCheckPage { hasNextPage endCursor entries { checkNumber at careDate channel covered answer } } ${ERROR_FIELDS} } }`,
    { after },
  );
  const page = data.rightsChecks;
  if (!page.entries) error(403, page.message ?? 'Votre rôle ne permet pas de consulter le journal des contrôles.');
  return { entries: page.entries, next: page.hasNextPage ? page.endCursor : null, first: after === null };
};
