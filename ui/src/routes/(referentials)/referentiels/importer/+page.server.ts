import { fail, redirect } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql, graphqlUpload, UploadRefused } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

// The owner's agent imports a new version: the API reads the file at once (a file refused as a whole is
// answered here), then its batch checks it line by line and, when no line is invalid, opens its case;
// the version's page shows the batch's progress, then the report.

export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{
    referentials: { __typename: string; data?: { code: string; title: string; owner: string }[] };
  }>(locals.session, '{ referentials { __typename ... on ReferentialsSuccess { data { code title owner } } } }');
  return { referentials: data.referentials.data ?? [] };
};

type ImportResult =
  | {
      __typename: 'ReferentialImport';
      problem: { message: string; action: string } | null;
      version: { id: string } | null;
    }
  | ApiError;

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const referential = String(form.get('referentiel') ?? '');
    const title = String(form.get('titre') ?? '');
    const file = form.get('fichier');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { referential, title, message: 'Choisissez le fichier de la version (CSV ou XLSX).' });
    let result: { importReferentialVersion: ImportResult };
    try {
      result = await graphqlUpload<{ importReferentialVersion: ImportResult }>(
        locals.session,
        `mutation ($referential: String!, $title: String!, $file: File!) {
          importReferentialVersion(referential: $referential, title: $title, file: $file, waitForReport: false) {
            __typename ... on ReferentialImport { problem { message action } version { id } } ${ERROR_FIELDS} } }`,
        { referential, title },
        file,
      );
    } catch (error) {
      if (error instanceof UploadRefused) return fail(413, { referential, title, message: error.message });
      throw error;
    }
    const answer = result.importReferentialVersion;
    if (answer.__typename !== 'ReferentialImport')
      return fail(400, { referential, title, message: (answer as ApiError).message });
    const imported = answer as Extract<ImportResult, { __typename: 'ReferentialImport' }>;
    if (imported.problem)
      return fail(400, { referential, title, message: `${imported.problem.message} ${imported.problem.action}` });
    redirect(303, `/referentiels/versions/${imported.version?.id}`);
  },
};
