// A participant's balance with its IPM both ways — quote-parts to pay, payments, credit, and the
// reimbursements it is owed: the member's own (`myBalance`, no id taken: the account names the
// participant) and the IPM's view of one of its participants (`participantBalance`).
import {
  type BalanceDebt,
  type BalancePayment,
  type MemberBalance,
  myBalance,
  participantBalance,
} from '../../services/quote-parts/member-balance.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { ownIpm, ReimbursementRef } from './reimbursements.ts';

const DebtRef = builder.objectRef<BalanceDebt>('MemberBalanceDebt').implement({
  description: 'An amount the participant still owes its IPM (a quote-part, an advance, another amount).',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', { description: 'quote_part, avance or autre.' }),
    label: t.exposeString('label'),
    incurredOn: t.exposeString('incurredOn'),
    dueDate: t.exposeString('dueDate'),
    amount: t.exposeFloat('amount'),
    paid: t.exposeFloat('paid'),
    remaining: t.exposeFloat('remaining'),
    status: t.exposeString('status', { description: 'due or partiellement_payee.' }),
    beneficiaryFirstNames: t.exposeString('beneficiaryFirstNames', {
      description: 'Whom the care was for: the dependant’s first names, else the participant’s.',
    }),
  }),
});

const PaymentRef = builder.objectRef<BalancePayment>('MemberBalancePayment').implement({
  description: 'A payment received from the participant.',
  fields: (t) => ({
    id: t.exposeID('id'),
    amount: t.exposeFloat('amount'),
    paidOn: t.exposeString('paidOn'),
    mode: t.exposeString('mode', { description: 'especes, virement, mobile_money or retenue_salaire.' }),
  }),
});

const BalanceRef = builder.objectRef<MemberBalance>('MemberBalance').implement({
  description: 'What a participant owes its IPM and what the IPM owes it.',
  fields: (t) => ({
    participantId: t.exposeID('participantId'),
    debts: t.field({ type: [DebtRef], description: 'Still to pay, earliest due first.', resolve: (b) => b.debts }),
    totalDue: t.exposeFloat('totalDue'),
    payments: t.field({ type: [PaymentRef], description: 'The latest payments.', resolve: (b) => b.payments }),
    credit: t.exposeFloat('credit', { description: 'What payments left unallocated, used by the next debts.' }),
    reimbursements: t.field({ type: [ReimbursementRef], resolve: (b) => b.reimbursements }),
    totalReimbursementsDue: t.exposeFloat('totalReimbursementsDue'),
  }),
});

builder.queryField('myBalance', (t) =>
  t.field({
    type: BalanceRef,
    description: 'Your quote-parts to pay, your payments and credit, and the reimbursements your IPM owes you.',
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'myBalance');
      return myBalance(ctx.prisma, viewer.userId).catch((e) => toApiError(e));
    },
  }),
);

builder.queryField('participantBalance', (t) =>
  t.field({
    type: BalanceRef,
    description: 'What a participant of the viewer’s IPM owes it, and what it owes the participant.',
    args: { participantId: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'participantBalance');
      return participantBalance(ctx.prisma, ownIpm(viewer), String(args.participantId)).catch((e) => toApiError(e));
    },
  }),
);
