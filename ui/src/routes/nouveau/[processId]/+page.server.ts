import { error, fail, redirect } from '@sveltejs/kit';
import { readInput } from '$lib/fields.ts';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql } from '$lib/server/api.ts';
import { loadProcesses } from '$lib/server/cases.ts';
import type { Actions, PageServerLoad } from './$types';

async function startable(session: string | undefined, processId: string) {
  const process = (await loadProcesses(session)).find((p) => p.id === processId && p.latest.canStart);
  if (!process) error(404, 'Ce processus n’existe pas, ou votre rôle ne permet pas d’y ouvrir un dossier.');
  return process;
}

export const load: PageServerLoad = async ({ locals, params }) => {
  const process = await startable(locals.session, params.processId);
  // The key of the case to open, made when the form is shown: submitting twice (a retry after a
  // dropped connection) opens one case. « DEM » (demande), not the process's prefix: an application's
  // key must not be mistaken for the licence number it may lead to (AGR-2026-0001).
  const key = `DEM-${new Date().getFullYear()}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  return { process, key };
};

type StartResult = { __typename: 'StartCasePayload'; case: { id: string } } | ApiError;

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const process = await startable(locals.session, params.processId);
    const form = await request.formData();
    const input = readInput(process.latest.startInput as never, form);
    const key = String(form.get('cle') ?? '');
    const { data } = await graphql<{ startCase: StartResult }>(
      locals.session,
      `mutation ($input: StartCaseInput!) {
        startCase(input: $input) { __typename ... on StartCasePayload { case { id } } ${ERROR_FIELDS} }
      }`,
      { input: { processId: params.processId, idempotencyKey: key, input } },
    );
    const result = data.startCase;
    if (result.__typename !== 'StartCasePayload') {
      const e = result as ApiError;
      return fail(400, { message: e.message, errors: fieldErrors(e), values: input, key });
    }
    redirect(303, `/dossiers/${(result as { case: { id: string } }).case.id}`);
  },
};
