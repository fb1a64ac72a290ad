import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

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
  const { data } = await graphql<{ adhesions: { data?: AdhesionRow[]; message?: string } }>(
    locals.session,
    `query { adhesions { ... on AdhesionsSuccess { data { caseId stateLabel employerName cssIpres ipmName employerId
      status statusReason contractStart terminatedOn } } ${ERROR_FIELDS} } }`,
  );
  if (!data.adhesions.data) error(403, data.adhesions.message ?? 'Connectez-vous pour suivre vos adhésions.');
  return { adhesions: data.adhesions.data };
};
