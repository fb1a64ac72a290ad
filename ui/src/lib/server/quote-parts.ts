import { fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql } from './api.ts';

// The quote-parts' pages read and act through the API: a participant's balance both ways (the IPM's
// view on the participant's file, the member's own in its space) and the reimbursements' two forms.
// Plain form posts: they work without JavaScript, and the API decides who may.

export interface BalanceDebt {
  id: string;
  label: string;
  incurredOn: string;
  dueDate: string;
  amount: number;
  paid: number;
  remaining: number;
  status: string;
  beneficiaryFirstNames: string;
}

export interface BalanceReimbursement {
  id: string;
  reference: string;
  label: string;
  incurredOn: string;
  claimedAmount: number;
  amount: number;
  status: string;
  paidOn: string | null;
  paymentReference: string | null;
  beneficiaryFirstNames: string;
}

export interface Balance {
  __typename: 'MemberBalance';
  totalDue: number;
  credit: number;
  totalReimbursementsDue: number;
  debts: BalanceDebt[];
  payments: { id: string; amount: number; paidOn: string; mode: string }[];
  reimbursements: BalanceReimbursement[];
}

export const BALANCE_FIELDS = `__typename ... on MemberBalance { totalDue credit totalReimbursementsDue
  debts { id label incurredOn dueDate amount paid remaining status beneficiaryFirstNames }
  payments { id amount paidOn mode }
  reimbursements { id reference label incurredOn claimedAmount amount status paidOn paymentReference beneficiaryFirstNames } }
  ${ERROR_FIELDS}`;

/** The participant's balance for its IPM, or the API's French refusal. */
export async function participantBalance(
  session: string | undefined,
  participantId: string,
): Promise<Balance | ApiError> {
  const { data } = await graphql<{ participantBalance: Balance | ApiError }>(
    session,
    `query ($id: ID!) { participantBalance(participantId: $id) { ${BALANCE_FIELDS} } }`,
    { id: participantId },
  );
  return data.participantBalance;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
/** A typed amount: « 12 000 » as well as « 12000 »; anything else goes to the API as it is, to be refused there. */
const amountOf = (typed: string) => {
  const n = Number(typed.replace(/[\s\u00a0\u202f]/g, ''));
  return typed === '' || !Number.isFinite(n) ? -1 : n;
};

/** Records a reimbursement for the participant; the form comes back with the API's refusal. */
export async function recordReimbursement(session: string | undefined, participantId: string, form: FormData) {
  const values = {
    reference: text(form, 'reference'),
    label: text(form, 'libelle'),
    incurredOn: text(form, 'date'),
    claimedAmount: text(form, 'montantPaye'),
    amount: text(form, 'montant'),
    dependantId: text(form, 'beneficiaire'),
  };
  const { data } = await graphql<{ recordReimbursement: { __typename: string; reference?: string } | ApiError }>(
    session,
    `mutation ($participantId: ID!, $dependantId: ID, $reference: String!, $label: String!, $incurredOn: String!,
        $claimedAmount: Float!, $amount: Float!) {
      recordReimbursement(participantId: $participantId, dependantId: $dependantId, reference: $reference,
        label: $label, incurredOn: $incurredOn, claimedAmount: $claimedAmount, amount: $amount) {
        __typename ... on MemberReimbursement { reference } ${ERROR_FIELDS} } }`,
    {
      participantId,
      dependantId: values.dependantId || null,
      reference: values.reference,
      label: values.label,
      incurredOn: values.incurredOn,
      claimedAmount: amountOf(values.claimedAmount),
      amount: amountOf(values.amount),
    },
  );
  const answer = data.recordReimbursement;
  if (answer.__typename !== 'MemberReimbursement') {
    const refused = answer as ApiError;
    return fail(400, { action: 'rembourser', values, message: refused.message, fields: fieldErrors(refused) });
  }
  return { action: 'rembourser', done: `Remboursement « ${values.reference} » enregistré.` };
}

/** Marks a reimbursement paid; the form comes back with the API's refusal. */
export async function markReimbursementPaid(session: string | undefined, form: FormData) {
  const id = text(form, 'id');
  const values = { id, paidOn: text(form, 'datePaiement'), paymentReference: text(form, 'referencePaiement') };
  const { data } = await graphql<{ markReimbursementPaid: { __typename: string } | ApiError }>(
    session,
    `mutation ($id: ID!, $paidOn: String!, $paymentReference: String!) {
      markReimbursementPaid(id: $id, paidOn: $paidOn, paymentReference: $paymentReference) {
        __typename ${ERROR_FIELDS} } }`,
    values,
  );
  const answer = data.markReimbursementPaid;
  if (answer.__typename !== 'MemberReimbursement') {
    const refused = answer as ApiError;
    return fail(400, { action: 'payer', values, message: refused.message, fields: fieldErrors(refused) });
  }
  return {
    action: 'payer',
    done: 'Remboursement marqué payé ; l’assuré en est averti par courriel s’il a une adresse.',
  };
}
