import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql, graphqlUpload, UploadRefused } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export interface ImportReport {
  __typename: 'WorkforceImport';
  applied: boolean;
  fileProblem: string | null;
  lines: number;
  participantsCreated: number;
  participantsAlreadyPresent: number;
  dependantsCreated: number;
  refused: { line: number; problems: string[] }[];
  awaitingArbitration: { line: number; caseId: string; reason: string; dependantLines: number[] }[];
}

// The employers whose workforce may be imported: those adhering to the agent's IPM (or the employer's
// own), with an active adhesion — the API checks it again on import.
export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{
    adhesions: {
      data?: { employerId: string | null; employerName: string; cssIpres: string; status: string | null }[];
      message?: string;
    };
  }>(
    locals.session,
    `query { adhesions { ... on AdhesionsSuccess { data { employerId employerName cssIpres status } } ${ERROR_FIELDS} } }`,
  );
  if (!data.adhesions.data)
    error(403, data.adhesions.message ?? 'Connectez-vous pour importer un fichier du personnel.');
  const employers = data.adhesions.data
    .filter((a) => a.employerId && (a.status === 'active' || a.status === 'preavis'))
    .map((a) => ({ id: a.employerId as string, name: a.employerName, cssIpres: a.cssIpres }));
  return { employers };
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const employerId = String(form.get('employeur') ?? '');
    const file = form.get('fichier');
    if (employerId === '')
      return fail(400, { employerId, message: 'Choisissez l’entreprise dont vous importez le personnel.' });
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { employerId, message: 'Choisissez le fichier du personnel (CSV, selon le modèle).' });
    let result: { importWorkforce: ImportReport | ApiError };
    try {
      result = await graphqlUpload<{ importWorkforce: ImportReport | ApiError }>(
        locals.session,
        `mutation ($employerId: ID!, $file: File!) { importWorkforce(employerId: $employerId, file: $file) { __typename
          ... on WorkforceImport { applied fileProblem lines participantsCreated participantsAlreadyPresent dependantsCreated
            refused { line problems } awaitingArbitration { line caseId reason dependantLines } }
          ${ERROR_FIELDS} } }`,
        { employerId },
        file,
      );
    } catch (e) {
      if (e instanceof UploadRefused) return fail(413, { employerId, message: e.message });
      throw e;
    }
    const answer = result.importWorkforce;
    if (answer.__typename !== 'WorkforceImport')
      return fail(400, { employerId, message: (answer as ApiError).message });
    const report = answer as ImportReport;
    return { employerId, fileName: file.name, report };
  },
};
