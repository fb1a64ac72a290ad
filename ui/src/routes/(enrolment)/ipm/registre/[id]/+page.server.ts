import { error } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import {
  type Balance,
  markReimbursementPaid,
  participantBalance,
  recordReimbursement,
} from '$lib/server/quote-parts.ts';
import type { Actions, PageServerLoad } from './$types';

export interface ParticipantFile {
  __typename: 'ParticipantFile';
  id: string;
  cardNumber: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  sex: string;
  salary: number;
  employerId: string;
  employerName: string;
  affiliations: {
    id: string;
    employerName: string;
    validFrom: string;
    validTo: string | null;
    startReason: string;
    endReason: string | null;
  }[];
  dependants: {
    id: string;
    kind: string;
    lastName: string;
    firstNames: string;
    birthDate: string;
    cardNumber: string;
  }[];
  rightsToday: { covered: boolean; reason: string };
}

// The participant's file, read through the API: another IPM's participant is nobody (404).
export const load: PageServerLoad = async ({ locals, params }) => {
  const { data } = await graphql<{ registerParticipant: ParticipantFile | ApiError }>(
    locals.session,
    `query ($id: ID!) { registerParticipant(id: $id) { __typename ... on ParticipantFile {
      id cardNumber matricule lastName firstNames birthDate sex salary employerId employerName
      affiliations { id employerName validFrom validTo startReason endReason }
      dependants { id kind lastName firstNames birthDate cardNumber }
      rightsToday { covered reason } } ${ERROR_FIELDS} } }`,
    { id: params.id },
  );
  const answer = data.registerParticipant;
  if (answer.__typename !== 'ParticipantFile') error(404, (answer as ApiError).message);
  // What the participant owes the IPM and what the IPM owes it (the quote-parts' domain).
  const balance = await participantBalance(locals.session, params.id);
  return {
    participant: answer as ParticipantFile,
    balance: balance.__typename === 'MemberBalance' ? (balance as Balance) : null,
    balanceMessage: balance.__typename === 'MemberBalance' ? null : (balance as ApiError).message,
  };
};

export const actions: Actions = {
  rembourser: async ({ locals, params, request }) =>
    recordReimbursement(locals.session, params.id, await request.formData()),
  payer: async ({ locals, request }) => markReimbursementPaid(locals.session, await request.formData()),
};
