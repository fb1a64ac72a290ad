import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

// The provider's account with each IPM it is conventioned with on a day (today unless the form asks
// another): a date the API refuses comes back as its French message, on the same page.

interface Account {
  ipmId: string;
  ipmName: string;
  conventionNumber: string | null;
  conventionDate: string | null;
  thirdPartyPayment: boolean | null;
  conventionFrom: string;
  conventionTo: string | null;
  conventionVersion: { number: number; title: string };
  checks: number;
  checksCovered: number;
  pecTotal: number;
  pecByState: { state: string; label: string; count: number }[];
  engagedAmount: number;
  engagedCount: number;
}

interface Accounts {
  date: string;
  providerCode: string | null;
  claimsNote: string;
  accounts: Account[];
}

const FIELDS = `date providerCode claimsNote accounts { ipmId ipmName conventionNumber conventionDate thirdPartyPayment
  conventionFrom conventionTo conventionVersion { number title } checks checksCovered pecTotal
  pecByState { state label count } engagedAmount engagedCount }`;

export const load: PageServerLoad = async ({ locals, url }) => {
  const date = url.searchParams.get('date')?.trim() || null;
  const { data } = await graphql<{
    providerAccounts: { __typename: string; message?: string; data?: Accounts };
  }>(
    locals.session,
    `query($date: String) { providerAccounts(date: $date) { __typename
      ... on ProviderAccountsSuccess { data { ${FIELDS} } } ${ERROR_FIELDS} } }`,
    { date },
  );
  const answer = data.providerAccounts;
  if (answer.__typename === 'InvalidInputError') return { asked: date, accounts: null, message: answer.message };
  if (!answer.data) error(403, answer.message ?? 'Votre rôle ne permet pas de consulter les comptes avec les IPM.');
  return { asked: date, accounts: answer.data, message: null };
};
