import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql } from '$lib/server/api.ts';
import { loadStatement } from '$lib/server/statement.ts';
import type { Actions, PageServerLoad } from './$types';

interface Dependant {
  id: string;
  kind: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  cardNumber: string;
}

interface Worker {
  id: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  cardNumber: string;
  affiliatedFrom: string | null;
  affiliatedUntil: string | null;
  endReason: string | null;
  dependants: Dependant[];
}

interface WorkersPage {
  __typename: string;
  message?: string;
  employerName: string;
  total: number;
  next: string | null;
  workers: Worker[];
}

const PAGE = 50;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const after = url.searchParams.get('apres') || null;
  const [{ data }, statement] = await Promise.all([
    graphql<{ employerWorkers: WorkersPage }>(
      locals.session,
      `query ($id: ID!, $first: Int, $after: String) { employerWorkers(employerId: $id, first: $first, after: $after) {
      __typename ... on EmployerWorkersPage { employerName total next workers { id matricule lastName firstNames cardNumber
        affiliatedFrom affiliatedUntil endReason dependants { id kind lastName firstNames birthDate cardNumber } } }
      ${ERROR_FIELDS} } }`,
      { id: params.employerId, first: PAGE, after },
    ),
    // The statement is the employer's and its IPM's: another reader of the register sees none.
    loadStatement(locals.session, params.employerId),
  ]);
  const page = data.employerWorkers;
  if (page.__typename !== 'EmployerWorkersPage') error(404, page.message ?? 'Employeur introuvable.');
  return {
    page,
    after,
    requestId: crypto.randomUUID(),
    statement: 'statement' in statement ? statement.statement : null,
  };
};

const HIRE_FIELDS = [
  'identifierKind',
  'identifier',
  'matricule',
  'lastName',
  'firstNames',
  'birthDate',
  'sex',
  'hireDate',
  'salary',
] as const;

// Declarations go to the API, which checks the identifier, the dates and the other IPMs' affiliations
// and answers in French; a refused form comes back filled, its fields' messages beside them (never
// the NIN typed: it is not sent back to the page).
export const actions: Actions = {
  embaucher: async ({ locals, params, request }) => {
    const form = await request.formData();
    const values = Object.fromEntries(HIRE_FIELDS.map((f) => [f, String(form.get(f) ?? '').trim()]));
    const { data } = await graphql<{ declareHire: { __typename: string; cardNumber?: string } | ApiError }>(
      locals.session,
      `mutation ($input: DeclareHireInput!) { declareHire(input: $input) { __typename
        ... on DeclaredHire { cardNumber } ${ERROR_FIELDS} } }`,
      {
        input: {
          ...values,
          employerId: params.employerId,
          salary: Number.parseInt(values.salary ?? '', 10) || 0,
          requestId: String(form.get('requestId') ?? '') || null,
        },
      },
    );
    const answer = data.declareHire;
    if (answer.__typename !== 'DeclaredHire') {
      const { identifier: _hidden, ...kept } = values;
      return fail(400, {
        hire: kept,
        message: (answer as ApiError).message,
        fields: fieldErrors(answer as ApiError),
      });
    }
    return {
      hired: `${values.firstNames} ${values.lastName}`,
      cardNumber: (answer as { cardNumber: string }).cardNumber,
    };
  },
  // The payroll of a period: the base of its call, recomputed by the API while nothing is paid on it.
  // A declaration sent twice sets the same values: a retry changes nothing more.
  masse: async ({ locals, params, request }) => {
    const form = await request.formData();
    const payroll = {
      period: String(form.get('period') ?? '').trim(),
      payroll: String(form.get('payroll') ?? '').trim(),
      headcount: String(form.get('headcount') ?? '').trim(),
    };
    const whole = (value: string) => (/^\d[\d\s]*$/.test(value) ? Number(value.replace(/\s/g, '')) : -1);
    const { data } = await graphql<{
      declarePayroll: { __typename: string; recomputed?: boolean; callAmount?: number | null } | ApiError;
    }>(
      locals.session,
      `mutation ($id: ID!, $period: String!, $payroll: Float!, $headcount: Int!) {
        declarePayroll(employerId: $id, period: $period, payroll: $payroll, headcount: $headcount) { __typename
          ... on PayrollDeclarationOutcome { recomputed callAmount } ${ERROR_FIELDS} } }`,
      {
        id: params.employerId,
        period: payroll.period,
        payroll: whole(payroll.payroll),
        headcount: Math.min(whole(payroll.headcount), 2_147_483_647),
      },
    );
    const answer = data.declarePayroll;
    if (answer.__typename !== 'PayrollDeclarationOutcome')
      return fail(400, {
        payroll,
        payrollMessage: (answer as ApiError).message,
        payrollFields: fieldErrors(answer as ApiError),
      });
    const outcome = answer as { recomputed: boolean; callAmount: number | null };
    return { declared: { period: payroll.period, recomputed: outcome.recomputed, callAmount: outcome.callAmount } };
  },
  depart: async ({ locals, request }) => {
    const form = await request.formData();
    const participantId = String(form.get('participantId') ?? '');
    const { data } = await graphql<{ declareDeparture: { __typename: string } | ApiError }>(
      locals.session,
      `mutation ($id: ID!, $reason: String!, $date: String!, $requestId: String) {
        declareDeparture(participantId: $id, reason: $reason, date: $date, requestId: $requestId) { __typename ${ERROR_FIELDS} } }`,
      {
        id: participantId,
        reason: String(form.get('reason') ?? ''),
        date: String(form.get('date') ?? ''),
        requestId: String(form.get('requestId') ?? '') || null,
      },
    );
    const answer = data.declareDeparture;
    if (answer.__typename !== 'DeclaredDeparture')
      return fail(400, { departureOf: participantId, message: (answer as ApiError).message });
    return { departed: participantId };
  },
};
