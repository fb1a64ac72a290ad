// The quote-parts' debts in the API: what participants owe their IPM, one by one or from a file, the
// payments allocated oldest debt first, the collection list and the members' reminder ladder. Every
// field checks the role (authorize) and the organisation: the participant's IPM only.
import { MEMBER_LADDER_ACTIONS, type MemberLadderLevel } from '../../processes/quote-parts/ladder.ts';
import type { Role } from '../../processes/roles.ts';
import {
  cancelMemberDebt,
  type DebtView,
  type MemberAccountView,
  type MemberPaymentView,
  memberAccount,
  type OverdueMember,
  overdueMembers,
  recordMemberDebt,
} from '../../services/quote-parts/debts.ts';
import {
  type DebtImportReport,
  type DebtLineReport,
  importMemberDebts,
} from '../../services/quote-parts/member-debts-file.ts';
import {
  type MemberLadderView,
  memberLadderOf,
  setMemberLadder,
} from '../../services/quote-parts/member-ladder-store.ts';
import { enterMemberPayment, type MemberPaymentOutcome } from '../../services/quote-parts/member-payments.ts';
import type { Viewer } from '../../services/viewer.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const IPM_ROLES: Role[] = ['gerant_ipm', 'agent_ipm'];

/** The viewer's IPM: an IPM role is held in its IPM, whose id is the viewer's organisation. */
function ownIpm(viewer: Viewer): string {
  if (!viewer.roles.some((r) => IPM_ROLES.includes(r)))
    throw new NotAllowedError('non_autorise', 'Réservé aux gérants et agents d’une IPM, pour leur propre IPM.');
  return viewer.organisationId;
}

/** The participant, when the viewer's IPM holds it; another IPM's is answered as nobody. */
async function ownParticipant(ctx: ApiContext, viewer: Viewer, participantId: string): Promise<string> {
  const ipmId = ownIpm(viewer);
  const row = await ctx.prisma.participant.findUnique({ where: { id: participantId }, select: { ipmId: true } });
  if (row?.ipmId !== ipmId)
    throw new NotFoundError('Participant introuvable dans votre IPM : vérifiez son identifiant.');
  return ipmId;
}

const MemberDebtRef = builder.objectRef<DebtView>('MemberDebt').implement({
  description: 'An amount a participant owes its IPM (a quote-part, an advance, another amount).',
  fields: (t) => ({
    id: t.exposeID('id'),
    participantId: t.exposeID('participantId'),
    dependantId: t.exposeID('dependantId', { nullable: true, description: 'The dependant who received the care.' }),
    kind: t.exposeString('kind', { description: 'quote_part, avance or autre.' }),
    reference: t.exposeString('reference', { description: 'The IPM’s, unique within the IPM.' }),
    label: t.exposeString('label'),
    incurredOn: t.exposeString('incurredOn', { description: 'AAAA-MM-JJ.' }),
    amount: t.exposeFloat('amount'),
    paid: t.exposeFloat('paid'),
    remaining: t.exposeFloat('remaining'),
    dueDate: t.exposeString('dueDate', { description: 'AAAA-MM-JJ.' }),
    status: t.exposeString('status', { description: 'due, partiellement_payee, payee or annulee.' }),
    source: t.exposeString('source', { description: 'manuel or fichier.' }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
  }),
});

const MemberAllocationRef = builder
  .objectRef<MemberPaymentView['allocations'][number]>('MemberPaymentAllocation')
  .implement({
    description: 'A part of a participant’s payment applied to a debt.',
    fields: (t) => ({
      debtId: t.exposeID('debtId'),
      reference: t.exposeString('reference', { description: 'The debt’s reference.' }),
      amount: t.exposeFloat('amount'),
      allocatedBy: t.exposeString('allocatedBy'),
      allocatedAt: t.field({ type: 'DateTime', resolve: (a) => a.allocatedAt }),
    }),
  });

const MemberPaymentRef = builder.objectRef<MemberPaymentView>('MemberPayment').implement({
  description: 'A payment received from a participant, and how it was allocated (oldest debt first).',
  fields: (t) => ({
    id: t.exposeID('id'),
    amount: t.exposeFloat('amount'),
    paidOn: t.exposeString('paidOn'),
    reference: t.exposeString('reference'),
    mode: t.exposeString('mode', { description: 'especes, virement, mobile_money or retenue_salaire.' }),
    enteredBy: t.exposeString('enteredBy'),
    enteredAt: t.field({ type: 'DateTime', resolve: (p) => p.enteredAt }),
    allocated: t.exposeFloat('allocated'),
    allocations: t.field({ type: [MemberAllocationRef], resolve: (p) => p.allocations }),
  }),
});

const MemberLadderCaseRef = builder.objectRef<NonNullable<MemberAccountView['ladder']>>('MemberLadderCase').implement({
  description: 'The open `relance-quote-parts` case of a participant: its ladder’s level.',
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    state: t.exposeString('state', { description: 'echue, rappelee, retenue_demandee or suspendue.' }),
    level: t.exposeString('level', {
      nullable: true,
      description: 'The last level reached: rappel, retenue_salaire or suspension (null: none yet).',
    }),
    montantDu: t.exposeFloat('montantDu', { description: 'The overdue amount the case asks.' }),
    openedAt: t.field({ type: 'DateTime', resolve: (l) => l.openedAt }),
  }),
});

const MemberAccountRef = builder.objectRef<MemberAccountView>('MemberDebts').implement({
  description: 'What a participant owes its IPM: debts, payments, credit and the open ladder.',
  fields: (t) => ({
    participantId: t.exposeID('participantId'),
    debts: t.field({ type: [MemberDebtRef], resolve: (a) => a.debts }),
    payments: t.field({ type: [MemberPaymentRef], resolve: (a) => a.payments }),
    balance: t.exposeFloat('balance', { description: 'Still due on every debt not cancelled.' }),
    overdue: t.exposeFloat('overdue', { description: 'Still due on debts past their due date.' }),
    credit: t.exposeFloat('credit', { description: 'Payments not allocated yet, used by the next debts.' }),
    ladder: t.field({ type: MemberLadderCaseRef, nullable: true, resolve: (a) => a.ladder }),
  }),
});

const RecordedDebtRef = builder.objectRef<{ debt: DebtView; created: boolean }>('MemberDebtRecorded').implement({
  fields: (t) => ({
    debt: t.field({ type: MemberDebtRef, resolve: (r) => r.debt }),
    created: t.exposeBoolean('created', { description: 'False: this reference was already stored with these values.' }),
  }),
});

const MemberPaymentOutcomeRef = builder.objectRef<MemberPaymentOutcome>('MemberPaymentOutcome').implement({
  description: 'A participant’s payment stored and allocated.',
  fields: (t) => ({
    paymentId: t.exposeID('paymentId'),
    created: t.exposeBoolean('created', { description: 'False: this reference was already stored; nothing added.' }),
    outstanding: t.exposeFloat('outstanding', { description: 'Still due by the participant on its debts.' }),
    credit: t.exposeFloat('credit'),
    allocatedTo: t.field({
      type: [
        builder.objectRef<{ debtId: string; amount: number }>('MemberPaymentOutcomeAllocation').implement({
          fields: (f) => ({ debtId: f.exposeID('debtId'), amount: f.exposeFloat('amount') }),
        }),
      ],
      resolve: (p) => p.allocated,
    }),
    ladder: t.exposeString('ladder', { description: 'soldee, actualisee, inchangee or sans_relance.' }),
  }),
});

const DebtLineRef = builder.objectRef<DebtLineReport>('MemberDebtsFileLine').implement({
  fields: (t) => ({
    line: t.exposeInt('line'),
    outcome: t.exposeString('outcome', { description: 'enregistre, deja_enregistre or invalide.' }),
    reference: t.exposeString('reference', { nullable: true }),
    participantId: t.exposeID('participantId', { nullable: true }),
    amount: t.exposeFloat('amount', { nullable: true }),
    message: t.exposeString('message', { description: 'French.' }),
  }),
});

const DebtImportRef = builder.objectRef<DebtImportReport>('MemberDebtsImport').implement({
  description: 'A file of members’ debts read: all stored, or none when a line is invalid.',
  fields: (t) => ({
    sha256: t.exposeString('sha256'),
    loaded: t.exposeBoolean('loaded'),
    stored: t.exposeInt('stored'),
    alreadyStored: t.exposeInt('alreadyStored'),
    invalid: t.exposeInt('invalid'),
    lines: t.field({ type: [DebtLineRef], resolve: (r) => r.lines }),
  }),
});

const OverdueMemberRef = builder.objectRef<OverdueMember>('OverdueMemberDebt').implement({
  description: 'A participant of the IPM with overdue debt: a line of the collection list.',
  fields: (t) => ({
    participantId: t.exposeID('participantId'),
    cardNumber: t.exposeString('cardNumber'),
    lastName: t.exposeString('lastName'),
    firstNames: t.exposeString('firstNames'),
    overdue: t.exposeFloat('overdue'),
    oldestDueDate: t.exposeString('oldestDueDate'),
    ladderCaseId: t.exposeID('ladderCaseId', { nullable: true }),
    ladderState: t.exposeString('ladderState', { nullable: true }),
    ladderLevel: t.exposeString('ladderLevel', { nullable: true }),
  }),
});

const OverdueListRef = builder.objectRef<{ data: OverdueMember[] }>('OverdueMemberDebts').implement({
  fields: (t) => ({ data: t.field({ type: [OverdueMemberRef], resolve: (l) => l.data }) }),
});

const MemberLadderLevelRef = builder.objectRef<MemberLadderLevel>('MemberReminderLadderLevel').implement({
  fields: (t) => ({
    action: t.exposeString('action', { description: 'rappel, retenue_salaire or suspension.' }),
    delai: t.exposeString('delai', { description: 'ISO 8601 duration after the case opens.' }),
  }),
});

const MemberLadderLevelInput = builder.inputType('MemberReminderLadderLevelInput', {
  fields: (t) => ({ action: t.string({ required: true }), delai: t.string({ required: true }) }),
});

const MemberLadderRef = builder.objectRef<MemberLadderView>('MemberReminderLadder').implement({
  description: 'An IPM’s reminder ladder for its members’ debts.',
  fields: (t) => ({
    levels: t.field({ type: [MemberLadderLevelRef], resolve: (l) => [...l.levels] }),
    own: t.exposeBoolean('own', { description: 'False: the default ladder.' }),
    updatedBy: t.exposeString('updatedBy', { nullable: true }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (l) => l.updatedAt }),
  }),
});

builder.queryField('memberDebts', (t) =>
  t.field({
    type: MemberAccountRef,
    description: 'What a participant of the viewer’s IPM owes: debts, payments, credit and its open ladder.',
    args: { participantId: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotAllowedError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'memberDebts');
      const participantId = String(args.participantId);
      await ownParticipant(ctx, viewer, participantId);
      return memberAccount(ctx.prisma, participantId);
    },
  }),
);

builder.queryField('overdueMemberDebts', (t) =>
  t.field({
    type: OverdueListRef,
    description: 'The participants of the viewer’s IPM with overdue debt, oldest due date first.',
    errors: { types: [...GATE_ERRORS, NotAllowedError], directResult: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'overdueMemberDebts');
      return { data: await overdueMembers(ctx.prisma, ownIpm(viewer)) };
    },
  }),
);

builder.queryField('memberReminderLadder', (t) =>
  t.field({
    type: MemberLadderRef,
    description: 'The reminder ladder of the viewer’s IPM for its members’ debts (its own, else the default).',
    errors: { types: [...GATE_ERRORS, NotAllowedError], directResult: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'memberReminderLadder');
      return memberLadderOf(ctx.prisma, ownIpm(viewer));
    },
  }),
);

builder.mutationField('setMemberReminderLadder', (t) =>
  t.field({
    type: MemberLadderRef,
    description: `Sets the members’ reminder ladder of the viewer’s IPM: ${Object.keys(MEMBER_LADDER_ACTIONS).join(', ')}, in this order, each later than the one before. Debts already in their ladder keep theirs.`,
    args: { levels: t.arg({ type: [MemberLadderLevelInput], required: true }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'setMemberReminderLadder');
      const ipmId = ownIpm(viewer);
      await setMemberLadder(ctx.prisma, ipmId, args.levels, viewer.userId).catch((e) => toApiError(e));
      return memberLadderOf(ctx.prisma, ipmId);
    },
  }),
);

builder.mutationField('recordMemberDebt', (t) =>
  t.field({
    type: RecordedDebtRef,
    description:
      'An amount a participant of the viewer’s IPM owes it. The same reference with the same values gives the stored ' +
      'debt; with other values it is refused. A credit the participant holds is used at once.',
    args: {
      participantId: t.arg.id({ required: true }),
      kind: t.arg.string({ required: true, description: 'quote_part, avance or autre.' }),
      reference: t.arg.string({ required: true, description: 'The IPM’s, unique within the IPM.' }),
      label: t.arg.string({ required: true }),
      dependantId: t.arg.id({ description: 'One of the participant’s dependants, when the care was theirs.' }),
      incurredOn: t.arg.string({ required: true, description: 'AAAA-MM-JJ, not in the future.' }),
      amount: t.arg.float({ required: true, description: 'Whole FCFA.' }),
      dueDate: t.arg.string({ description: 'AAAA-MM-JJ; default: incurredOn + delaiPaiementQuotePart days.' }),
    },
    errors: {
      types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError, ConflictError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'recordMemberDebt');
      const participantId = String(args.participantId);
      const ipmId = await ownParticipant(ctx, viewer, participantId);
      return recordMemberDebt(ctx.services.cases, {
        ipmId,
        participantId,
        kind: args.kind,
        reference: args.reference,
        label: args.label,
        dependantId: args.dependantId ? String(args.dependantId) : null,
        incurredOn: args.incurredOn,
        amount: args.amount,
        dueDate: args.dueDate ?? null,
        createdBy: viewer.userId,
      }).catch((e) => toApiError(e));
    },
  }),
);

builder.mutationField('cancelMemberDebt', (t) =>
  t.field({
    type: MemberDebtRef,
    description:
      'Cancels a debt of the viewer’s IPM nothing was paid on (a mistake). Cancelling again changes nothing.',
    args: { debtId: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'cancelMemberDebt');
      return cancelMemberDebt(ctx.services.cases, { ipmId: ownIpm(viewer), debtId: String(args.debtId) }).catch((e) =>
        toApiError(e),
      );
    },
  }),
);

builder.mutationField('importMemberDebts', (t) =>
  t.field({
    type: DebtImportRef,
    description:
      'A file of members’ debts (CSV: carte;reference;nature;libelle;date_soins;montant;echeance) of the viewer’s IPM: ' +
      'every line checked, all stored or none, line report in French; lines already stored are skipped.',
    args: { file: t.arg({ type: 'File', required: true }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'importMemberDebts');
      const ipmId = ownIpm(viewer);
      const content = new Uint8Array(await args.file.arrayBuffer());
      if (content.byteLength > ctx.services.uploadMaxBytes)
        throw new InvalidInputError('Fichier trop volumineux : découpez-le et recommencez.');
      return importMemberDebts(ctx.services.cases, { ipmId, content, createdBy: viewer.userId }).catch((e) =>
        toApiError(e),
      );
    },
  }),
);

builder.mutationField('enterMemberPayment', (t) =>
  t.field({
    type: MemberPaymentOutcomeRef,
    description:
      'A payment received from a participant of the viewer’s IPM: allocated to its debts oldest first, the rest kept as ' +
      'credit; the payment that clears its overdue debt stops its ladder and lifts the suspension from its date. The ' +
      'same reference with the same values answers the same outcome and adds nothing.',
    args: {
      participantId: t.arg.id({ required: true }),
      amount: t.arg.float({ required: true, description: 'Whole FCFA.' }),
      paidOn: t.arg.string({ required: true, description: 'AAAA-MM-JJ, not in the future.' }),
      reference: t.arg.string({ required: true, description: 'Unique within the IPM (a receipt or transfer number).' }),
      mode: t.arg.string({ required: true, description: 'especes, virement, mobile_money or retenue_salaire.' }),
    },
    errors: {
      types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError, ConflictError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'enterMemberPayment');
      const participantId = String(args.participantId);
      const ipmId = await ownParticipant(ctx, viewer, participantId);
      return enterMemberPayment(ctx.services.cases, {
        ipmId,
        participantId,
        amount: args.amount,
        paidOn: args.paidOn,
        reference: args.reference,
        mode: args.mode,
        enteredBy: viewer.userId,
      }).catch((e) => toApiError(e));
    },
  }),
);
