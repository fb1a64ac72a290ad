import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
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
  memberSpace: {
    status: 'non_invite' | 'code_envoye' | 'code_expire' | 'ouvert';
    email: string | null;
    lastInvitedAt: string | null;
    lastReason: string | null;
    invitations: number;
  };
}

// The participant's file, read through the API: another IPM's participant is nobody (404). From it the
// IPM invites the participant to its own space, or sends it a new code (unused, lapsed, or a lost
// password); the form's request id, made when the page is shown, makes a resent form hand out one code.
export const load: PageServerLoad = async ({ locals, params, parent }) => {
  const { data } = await graphql<{ registerParticipant: ParticipantFile | ApiError }>(
    locals.session,
    `query ($id: ID!) { registerParticipant(id: $id) { __typename ... on ParticipantFile {
      id cardNumber matricule lastName firstNames birthDate sex salary employerId employerName
      affiliations { id employerName validFrom validTo startReason endReason }
      dependants { id kind lastName firstNames birthDate cardNumber }
      rightsToday { covered reason }
      memberSpace { status email lastInvitedAt lastReason invitations } } ${ERROR_FIELDS} } }`,
    { id: params.id },
  );
  const answer = data.registerParticipant;
  if (answer.__typename !== 'ParticipantFile') error(404, (answer as ApiError).message);
  // What the participant owes the IPM and what the IPM owes it (the quote-parts' domain).
  const balance = await participantBalance(locals.session, params.id);
  const { operations } = await parent();
  return {
    participant: answer as ParticipantFile,
    balance: balance.__typename === 'MemberBalance' ? (balance as Balance) : null,
    balanceMessage: balance.__typename === 'MemberBalance' ? null : (balance as ApiError).message,
    canInvite: operations.includes('inviteMember'),
    requestId: randomUUID(),
  };
};

export const actions: Actions = {
  rembourser: async ({ locals, params, request }) =>
    recordReimbursement(locals.session, params.id, await request.formData()),
  payer: async ({ locals, request }) => markReimbursementPaid(locals.session, await request.formData()),
  inviter: async ({ locals, params, request }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const { data } = await graphql<{
      inviteMember: { __typename: string; message?: string; email?: string; expiresAt?: string; mailStatus?: string };
    }>(
      locals.session,
      `mutation($participantId: ID!, $email: String, $lostPassword: Boolean, $requestId: String) {
        inviteMember(participantId: $participantId, email: $email, lostPassword: $lostPassword, requestId: $requestId) {
          __typename ... on MemberInvitation { email expiresAt mailStatus } ${ERROR_FIELDS} } }`,
      {
        participantId: params.id,
        email: email || null,
        lostPassword: form.get('perdu') === 'oui',
        requestId: String(form.get('requestId') ?? '') || null,
      },
    );
    const answer = data.inviteMember;
    if (answer.__typename !== 'MemberInvitation')
      return fail(400, { action: 'inviter' as const, email, message: answer.message });
    return {
      action: 'inviter' as const,
      invited: { email: answer.email, expiresAt: answer.expiresAt, mailStatus: answer.mailStatus },
    };
  },
};
