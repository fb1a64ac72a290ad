import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

interface Summary {
  id: string;
  receivedAt: string;
  to: string;
  subject: string;
}

export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{ caughtMail: { data?: Summary[]; message?: string } }>(
    locals.session,
    `query { caughtMail { ... on CaughtMailSuccess { data { id receivedAt to subject } } ${ERROR_FIELDS} } }`,
  );
  if (!data.caughtMail.data) error(403, data.caughtMail.message ?? 'Réservé aux administrateurs.');
  return { mails: data.caughtMail.data };
};
