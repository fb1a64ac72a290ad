import { error, fail, redirect } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

interface Row {
  id: string;
  label: string;
  state: string;
  total: number;
  done: number;
  failed: number;
  startedAt: string;
  finishedAt: string | null;
}

export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{ batches: { data?: Row[]; message?: string } }>(
    locals.session,
    `query { batches { ... on BatchesSuccess { data { id label state total done failed startedAt finishedAt } } ${ERROR_FIELDS} } }`,
  );
  if (!data.batches.data) error(403, data.batches.message ?? 'Réservé aux administrateurs.');
  return { batches: data.batches.data };
};

export const actions: Actions = {
  synthetique: async ({ locals, request }) => {
    const form = await request.formData();
    const records = Number(form.get('enregistrements'));
    const pauseMs = Number(form.get('pause') || 0);
    if (!Number.isInteger(records) || !Number.isInteger(pauseMs)) {
      return fail(400, { message: 'Le nombre d’enregistrements et la pause doivent être des nombres entiers.' });
    }
    const { data } = await graphql<{ startBatch: { __typename: string; id?: string; message?: string } }>(
      locals.session,
      `mutation ($records: Int!, $pauseMs: Int) { startBatch(records: $records, pauseMs: $pauseMs) { __typename ... on Batch { id } ${ERROR_FIELDS} } }`,
      { records, pauseMs },
    );
    if (data.startBatch.__typename !== 'Batch' || !data.startBatch.id) {
      return fail(400, { message: data.startBatch.message ?? 'Le lot n’a pas pu être lancé.' });
    }
    redirect(303, `/lots/${data.startBatch.id}`);
  },
};
