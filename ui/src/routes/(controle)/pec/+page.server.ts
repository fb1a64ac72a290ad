import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

// The provider's prior authorisations: its requests with their state and letters, and the request
// form (card number, act, planned date). An IPM's people see the requests made to their IPM. The
// form carries a request id made when the page is shown: sent twice (a dropped line), it asks once.

interface PecRow {
  caseId: string;
  businessKey: string;
  stateLabel: string;
  actCode: string;
  actLabel: string;
  plannedDate: string;
  coveredAmount: number;
  number: string | null;
  validTo: string | null;
  refusalReason: string | null;
  letters: { documentId: string; name: string }[];
}

const ROW = `caseId businessKey stateLabel actCode actLabel plannedDate coveredAmount number validTo refusalReason
  letters { documentId name }`;

export const load: PageServerLoad = async ({ locals, parent }) => {
  const { data } = await graphql<{ pecRequests: { __typename: string; message?: string; data?: PecRow[] } }>(
    locals.session,
    `{ pecRequests(first: 100) { __typename ... on PecRequestsSuccess { data { ${ROW} } } ${ERROR_FIELDS} } }`,
  );
  const list = data.pecRequests;
  if (!list.data) error(403, list.message ?? 'Votre rôle ne permet pas de consulter les prises en charge.');
  const { operations } = await parent();
  return { requests: list.data, canRequest: operations.includes('requestPec'), requestId: randomUUID() };
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const asked = {
      carte: String(form.get('carte') ?? '').trim(),
      acte: String(form.get('acte') ?? '').trim(),
      datePrevue: String(form.get('datePrevue') ?? '').trim(),
    };
    const { data } = await graphql<{
      requestPec: {
        __typename: string;
        message?: string;
        fields?: { field: string; message: string }[];
      } & Partial<PecRow>;
    }>(
      locals.session,
      `mutation($card: String!, $act: String!, $date: String!, $requestId: String) {
        requestPec(cardNumber: $card, actCode: $act, plannedDate: $date, requestId: $requestId) {
          __typename ... on PecRequest { ${ROW} } ${ERROR_FIELDS} } }`,
      {
        card: asked.carte,
        act: asked.acte,
        date: asked.datePrevue,
        requestId: String(form.get('requestId') ?? '') || null,
      },
    );
    const answer = data.requestPec;
    if (answer.__typename !== 'PecRequest') return fail(400, { ...asked, message: answer.message });
    return { created: answer as PecRow };
  },
};
