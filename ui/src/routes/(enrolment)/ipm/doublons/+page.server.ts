import { error } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

export interface Duplicate {
  id: string;
  caseId: string | null;
  side: 'premiere' | 'seconde';
  otherIpmName: string;
  status: string;
  statusLabel: string;
  hireDate: string;
  openedOn: string;
  cardNumber: string | null;
  matricule: string | null;
  employerName: string | null;
}

// The duplicates the viewer's IPM is party to, first or second IPM; ICAMO decides on the case.
export const load: PageServerLoad = async ({ locals, url }) => {
  const status = url.searchParams.get('statut') || null;
  const { data } = await graphql<{ ipmDuplicates: { __typename: string; duplicates?: Duplicate[] } | ApiError }>(
    locals.session,
    `query ($status: String) { ipmDuplicates(status: $status) { __typename ... on IpmDuplicates { duplicates {
      id caseId side otherIpmName status statusLabel hireDate openedOn cardNumber matricule employerName } } ${ERROR_FIELDS} } }`,
    { status },
  );
  const answer = data.ipmDuplicates;
  if (!('duplicates' in answer) || !answer.duplicates)
    error(answer.__typename === 'ForbiddenError' ? 403 : 400, (answer as ApiError).message);
  return { status, duplicates: answer.duplicates };
};
