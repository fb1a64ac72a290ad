import { error, fail } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { loadBatch } from '$lib/server/batches.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const batch = await loadBatch(locals.session, params.id);
  if (typeof batch === 'string') error(404, batch);
  return { batch };
};

export const actions: Actions = {
  annuler: async ({ locals, params }) => {
    const { data } = await graphql<{ cancelBatch: { __typename: string; message?: string } }>(
      locals.session,
      `mutation ($id: ID!) { cancelBatch(id: $id) { __typename ${ERROR_FIELDS} } }`,
      { id: params.id },
    );
    if (data.cancelBatch.__typename !== 'Batch')
      return fail(400, { message: data.cancelBatch.message ?? 'Annulation refusée.' });
    return { cancelled: true };
  },
};
