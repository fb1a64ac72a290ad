import { error, fail, redirect } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export interface AdhesionRow {
  caseId: string;
  stateLabel: string;
  employerName: string;
  cssIpres: string;
  ipmName: string | null;
  employerId: string | null;
  status: string | null;
  statusReason: string | null;
  contractStart: string | null;
  terminatedOn: string | null;
}

// The employer's adhesions (its own cases, followed on the case page) and, once submitted, the
// employer's register: its workers, declared one by one.
export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{
    adhesions: { data?: AdhesionRow[]; message?: string };
    adhesionIpms: { data?: { id: string; name: string; type: string | null }[] };
  }>(
    locals.session,
    `query { adhesions { ... on AdhesionsSuccess { data { caseId stateLabel employerName cssIpres ipmName employerId
      status statusReason contractStart terminatedOn } } ${ERROR_FIELDS} }
      adhesionIpms { ... on AdhesionIpmsSuccess { data { id name type } } ${ERROR_FIELDS} } }`,
  );
  if (!data.adhesions.data) error(403, data.adhesions.message ?? 'Connectez-vous pour suivre vos adhésions.');
  // The IPM's people follow adhesions here too, but only an employer asks.
  return { adhesions: data.adhesions.data, ipms: data.adhesionIpms.data ?? null, requestId: crypto.randomUUID() };
};

const REQUEST_FIELDS = [
  'ipm',
  'raisonSociale',
  'numeroCssIpres',
  'ninea',
  'secteur',
  'commune',
  'adresse',
  'contactNom',
  'contactTelephone',
  'contactEmail',
] as const;

// The request opens the adhesion case through the API (which checks the IPM and the rule of the IPM
// d'entreprise); the employer then attaches its documents and submits on the case's page.
export const actions: Actions = {
  demander: async ({ locals, request }) => {
    const form = await request.formData();
    const values = Object.fromEntries(
      REQUEST_FIELDS.map((f) => [f, String(form.get(f) ?? '').trim()]).filter(([, v]) => v !== ''),
    );
    const { data } = await graphql<{ requestAdhesion: { __typename: string; caseId?: string } | ApiError }>(
      locals.session,
      `mutation ($input: JSON!, $requestId: String) { requestAdhesion(input: $input, requestId: $requestId) {
        __typename ... on Adhesion { caseId } ${ERROR_FIELDS} } }`,
      { input: values, requestId: String(form.get('requestId') ?? '') || null },
    );
    const answer = data.requestAdhesion;
    if (answer.__typename !== 'Adhesion')
      return fail(400, {
        request: values,
        message: (answer as ApiError).message,
        fields: fieldErrors(answer as ApiError),
      });
    redirect(303, `/dossiers/${(answer as { caseId: string }).caseId}`);
  },
};
