import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql } from '$lib/server/api.ts';
import { noticesOf, statementOr404 } from '$lib/server/statement.ts';
import type { Actions, PageServerLoad } from './$types';

// One employer's « état des cotisations dues » for its IPM's gérant and agents, and the payment form.
// The API answers « not found » for another IPM's employer: the page is then a 404 saying so.
export const load: PageServerLoad = async ({ locals, params, parent }) => {
  const { operations } = await parent();
  if (!operations.includes('enterPayment'))
    error(403, 'Le recouvrement d’un employeur est réservé au gérant et aux agents de son IPM.');
  const statement = await statementOr404(locals.session, params.employerId);
  // The ladder's cases are the IPM's: its people open them and download their formal notices.
  const notices = await noticesOf(
    locals.session,
    statement.reminders.map((r) => r.caseId),
  );
  return { statement, notices };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const amountOf = (value: string) => (/^\d[\d\s]*$/.test(value) ? Number(value.replace(/\s/g, '')) : 0);

const LADDER: Record<string, string> = {
  soldee: 'la dette échue est soldée : les relances s’arrêtent et la suspension des droits est levée',
  actualisee: 'le montant dû des relances en cours est mis à jour',
  inchangee: 'les relances en cours sont inchangées',
  sans_relance: 'aucune relance en cours',
};

export const actions: Actions = {
  // The reference is unique within the IPM: the same payment sent again is refused as already entered,
  // so a retry (a double click, a reload) stores it once.
  paiement: async ({ locals, params, request }) => {
    const form = await request.formData();
    const values = { amount: text(form, 'montant'), paidOn: text(form, 'date'), reference: text(form, 'reference') };
    const { data } = await graphql<{
      enterPayment:
        | {
            __typename: 'PaymentOutcome';
            outstanding: number;
            credit: number;
            ladder: string;
            allocatedTo: { callId: string; amount: number }[];
          }
        | ApiError;
    }>(
      locals.session,
      `mutation ($id: ID!, $a: Float!, $d: String!, $r: String!) {
        enterPayment(employerId: $id, amount: $a, paidOn: $d, reference: $r) { __typename
          ... on PaymentOutcome { outstanding credit ladder allocatedTo { callId amount } } ${ERROR_FIELDS} } }`,
      { id: params.employerId, a: amountOf(values.amount), d: values.paidOn, r: values.reference },
    );
    const answer = data.enterPayment;
    if (answer.__typename !== 'PaymentOutcome') {
      const refused = answer as ApiError;
      return fail(refused.code === 'conflit' ? 409 : 400, {
        values,
        message: refused.message,
        fields: fieldErrors(refused),
      });
    }
    const outcome = answer as {
      outstanding: number;
      credit: number;
      ladder: string;
      allocatedTo: { callId: string; amount: number }[];
    };
    return {
      entered: {
        reference: values.reference,
        amount: amountOf(values.amount),
        outstanding: outcome.outstanding,
        credit: outcome.credit,
        allocatedTo: outcome.allocatedTo,
        ladder: LADDER[outcome.ladder] ?? outcome.ladder,
      },
    };
  },
};
