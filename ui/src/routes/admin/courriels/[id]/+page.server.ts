import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

interface Mail {
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string | null;
}

export const load: PageServerLoad = async ({ locals, params }) => {
  const { data } = await graphql<{ caughtMessage: { data?: Mail; message?: string } }>(
    locals.session,
    `query ($id: ID!) {
      caughtMessage(id: $id) { ... on CaughtMessageSuccess { data { receivedAt from to subject text } } ${ERROR_FIELDS} }
    }`,
    { id: params.id },
  );
  if (!data.caughtMessage.data) error(404, data.caughtMessage.message ?? 'Courriel introuvable.');
  return { mail: data.caughtMessage.data };
};
