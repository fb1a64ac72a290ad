import { fail } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { Actions } from './$types';

// The provider's rights check: one form, one request, the answer in the page that comes back.

interface Answer {
  __typename: string;
  message?: string;
  checkNumber?: string;
  covered?: boolean;
  reason?: string;
  date?: string | null;
  ipm?: { name: string } | null;
}

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const identifier = String(form.get('identifiant') ?? '').trim();
    const date = String(form.get('date') ?? '').trim();
    const acts = String(form.get('actes') ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean);
    // A NIN has 13 digits or more, a card 12: what the receptionist typed says which it is.
    const digits = identifier.replace(/[\s.\-/_]/g, '');
    const byNin = digits.length >= 13;
    const { data } = await graphql<{ checkRights: Answer }>(
      locals.session,
      `query($card: String, $nin: String, $date: String, $acts: [String!]) {
        checkRights(cardNumber: $card, nin: $nin, date: $date, acts: $acts) {
          __typename ... on RightsCheckAnswer { checkNumber covered reason date ipm { name } } ${ERROR_FIELDS} } }`,
      { card: byNin ? null : identifier, nin: byNin ? identifier : null, date: date || null, acts },
    );
    const answer = data.checkRights;
    const asked = { date, actes: acts.join(' ') };
    if (answer.__typename !== 'RightsCheckAnswer') return fail(400, { ...asked, message: answer.message });
    return { ...asked, answer };
  },
};
