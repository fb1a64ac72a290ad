// Reimbursements due to members: the IPM holding the participant records them, marks them paid and
// lists them. Every field checks the role (authorize) and the organisation: the viewer's IPM must be
// the participant's, or the row's — another IPM's is answered as nobody.
import type { Role } from '../../processes/roles.ts';
import {
  markReimbursementPaid,
  memberReimbursements,
  type Reimbursement,
  recordReimbursement,
} from '../../services/quote-parts/reimbursements.ts';
import type { Viewer } from '../../services/viewer.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const IPM_ROLES: Role[] = ['gerant_ipm', 'agent_ipm'];

/** The viewer's IPM: an IPM role is held in its IPM, whose id is then the viewer's organisation. */
export function ownIpm(viewer: Viewer): string {
  if (!viewer.roles.some((r) => IPM_ROLES.includes(r)))
    throw new NotAllowedError('non_autorise', 'Réservé aux gérants et agents d’une IPM, pour leur propre IPM.');
  return viewer.organisationId;
}

// Amounts are whole FCFA as Float, as the recouvrement's.
export const ReimbursementRef = builder.objectRef<Reimbursement>('MemberReimbursement').implement({
  description: 'What an IPM owes a participant: care the member paid themselves, and what the IPM reimburses of it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    participantId: t.exposeID('participantId'),
    dependantId: t.exposeID('dependantId', { nullable: true, description: 'When the care was a dependant’s.' }),
    beneficiaryFirstNames: t.exposeString('beneficiaryFirstNames', {
      description: 'Whom the care was for: the dependant’s first names, else the participant’s.',
    }),
    reference: t.exposeString('reference', { description: 'The IPM’s reference of the claim, unique within it.' }),
    label: t.exposeString('label'),
    incurredOn: t.exposeString('incurredOn', { description: 'AAAA-MM-JJ.' }),
    claimedAmount: t.exposeFloat('claimedAmount', { description: 'What the member paid.' }),
    amount: t.exposeFloat('amount', { description: 'What the IPM reimburses.' }),
    status: t.exposeString('status', { description: 'du or paye.' }),
    paidOn: t.exposeString('paidOn', { nullable: true }),
    paymentReference: t.exposeString('paymentReference', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
  }),
});

builder.queryField('memberReimbursements', (t) =>
  t.field({
    type: [ReimbursementRef],
    description: 'The reimbursements due to (or paid to) a participant of the viewer’s IPM, newest care first.',
    args: { participantId: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'memberReimbursements');
      return memberReimbursements(ctx.prisma, ownIpm(viewer), String(args.participantId)).catch((e) => toApiError(e));
    },
  }),
);

builder.mutationField('recordReimbursement', (t) =>
  t.field({
    type: ReimbursementRef,
    description:
      'Records what the viewer’s IPM owes one of its participants for care the member paid. Sent again with the same ' +
      'reference and values, answers the same row; the same reference with other values is refused.',
    args: {
      participantId: t.arg.id({ required: true }),
      dependantId: t.arg.id({
        description: 'The participant’s dependant who received the care, if not the participant.',
      }),
      reference: t.arg.string({ required: true, description: 'The claim’s reference, unique within the IPM.' }),
      label: t.arg.string({ required: true, description: 'What the care was, as the member reads it.' }),
      incurredOn: t.arg.string({ required: true, description: 'AAAA-MM-JJ, not in the future.' }),
      claimedAmount: t.arg.float({ required: true, description: 'What the member paid, whole FCFA.' }),
      amount: t.arg.float({
        required: true,
        description: 'What the IPM reimburses, whole FCFA, at most claimedAmount.',
      }),
    },
    errors: {
      types: [...GATE_ERRORS, InvalidInputError, NotFoundError, ConflictError, NotAllowedError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'recordReimbursement');
      return recordReimbursement(ctx.prisma, {
        ipmId: ownIpm(viewer),
        participantId: String(args.participantId),
        dependantId: args.dependantId ? String(args.dependantId) : null,
        reference: args.reference.trim(),
        label: args.label,
        incurredOn: args.incurredOn.trim(),
        claimedAmount: args.claimedAmount,
        amount: args.amount,
        createdBy: viewer.userId,
      }).catch((e) => toApiError(e));
    },
  }),
);

builder.mutationField('markReimbursementPaid', (t) =>
  t.field({
    type: ReimbursementRef,
    description:
      'Marks a reimbursement of the viewer’s IPM paid, and mails the member when an address is known (the subject ' +
      'names neither the member nor the care). Sent again with the same values, changes nothing; with others, refused.',
    args: {
      id: t.arg.id({ required: true }),
      paidOn: t.arg.string({ required: true, description: 'AAAA-MM-JJ: not in the future, not before the care.' }),
      paymentReference: t.arg.string({ required: true, description: 'The transfer’s or cheque’s reference.' }),
    },
    errors: {
      types: [...GATE_ERRORS, InvalidInputError, NotFoundError, ConflictError, NotAllowedError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'markReimbursementPaid');
      return markReimbursementPaid(
        { prisma: ctx.prisma, mail: ctx.services.mail },
        {
          ipmId: ownIpm(viewer),
          id: String(args.id),
          paidOn: args.paidOn.trim(),
          paymentReference: args.paymentReference.trim(),
          paidBy: viewer.userId,
        },
      ).catch((e) => toApiError(e));
    },
  }),
);
