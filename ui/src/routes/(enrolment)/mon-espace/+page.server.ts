import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { BALANCE_FIELDS, type Balance } from '$lib/server/quote-parts.ts';
import type { PageServerLoad } from './$types';

// The member's own space: its rights and its dependants' on a day (today unless the form asks for
// another), the quote-parts it owes and the reimbursements it is owed, read from the API, which finds
// the member's participant from its account alone.

const RIGHTS = 'rights { date covered code reason since }';

interface Rights {
  date: string;
  covered: boolean;
  code: string;
  reason: string;
  since: string | null;
}

interface Coverage {
  __typename: string;
  message?: string;
  participantId?: string;
  firstNames?: string;
  lastName?: string;
  cardNumber?: string;
  ipmName?: string | null;
  rights?: Rights;
}

interface Dependants {
  __typename: string;
  message?: string;
  data?: {
    id: string;
    kind: string;
    firstNames: string;
    lastName: string;
    birthDate: string;
    cardNumber: string;
    rights: Rights;
  }[];
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const asked = url.searchParams.get('date')?.trim() ?? '';
  const { data } = await graphql<{
    myCoverage: Coverage;
    myDependants: Dependants;
    myBalance: Balance | { __typename: string; message: string };
  }>(
    locals.session,
    `query($date: String) {
      myCoverage(date: $date) {
        __typename ... on MemberCoverage { participantId firstNames lastName cardNumber ipmName ${RIGHTS} } ${ERROR_FIELDS} }
      myDependants(date: $date) {
        __typename ... on MyDependantsSuccess { data { id kind firstNames lastName birthDate cardNumber ${RIGHTS} } } ${ERROR_FIELDS} }
      myBalance { ${BALANCE_FIELDS} }
    }`,
    { date: asked || null },
  );
  const balance = data.myBalance.__typename === 'MemberBalance' ? (data.myBalance as Balance) : null;
  return { asked, coverage: data.myCoverage, dependants: data.myDependants, balance };
};
