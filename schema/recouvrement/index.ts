// The recouvrement's part of the API: an employer's statement, issuing calls, declarations, payments
// (entered or from a bank statement) and the IPM's reminder ladder. Every field checks the role
// (authorize) and the organisation: the IPM of the employer, or the employer itself.
import { LADDER_ACTIONS } from '../../processes/recouvrement/ladder.ts';
import type { Role } from '../../processes/roles.ts';
import { importBankStatement } from '../../services/recouvrement/bank-statement.ts';
import { ipmCollection } from '../../services/recouvrement/collection.ts';
import { declarePayroll } from '../../services/recouvrement/declarations.ts';
import { issueCalls } from '../../services/recouvrement/issue-calls.ts';
import { ladderOf, setLadder } from '../../services/recouvrement/ladder-store.ts';
import { enterPayment } from '../../services/recouvrement/payments.ts';
import { contributionStatement, employerIpm } from '../../services/recouvrement/statement.ts';
import type { Viewer } from '../../services/viewer.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { BatchRef } from '../types/batch.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { BankReportRef, CollectionRef, LadderLevelInput, LadderRef, PaymentOutcomeRef, StatementRef } from './types.ts';

const IPM_ROLES: Role[] = ['gerant_ipm', 'agent_ipm'];
// An IPM role is held in its IPM: the viewer's organisation is then that IPM (as for rightsAt).
const isIpm = (viewer: Viewer) => viewer.roles.some((r) => IPM_ROLES.includes(r));

/** The employer, when the viewer's IPM holds it or the viewer is that employer; else « not found ». */
async function reachableEmployer(ctx: ApiContext, viewer: Viewer, employerId: string): Promise<string> {
  const ipm = await employerIpm(ctx.prisma, employerId);
  const own = viewer.roles.includes('employeur') && viewer.organisationId === employerId;
  if (ipm === null || !(own || (isIpm(viewer) && ipm === viewer.organisationId)))
    throw new NotFoundError(
      'Employeur introuvable : vérifiez son identifiant (seuls l’IPM de l’employeur et l’employeur lui-même le voient).',
    );
  return ipm;
}

/** The viewer's IPM, for operations on its own collection. */
function ownIpm(viewer: Viewer): string {
  if (!isIpm(viewer))
    throw new NotAllowedError('non_autorise', 'Réservé aux gérants et agents d’une IPM, pour leur propre IPM.');
  return viewer.organisationId;
}

builder.queryField('contributionStatement', (t) =>
  t.field({
    type: StatementRef,
    description: '« État des cotisations dues » of an employer: its calls, payments, credit, balance and reminders.',
    args: { employerId: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'contributionStatement');
      const employerId = String(args.employerId);
      await reachableEmployer(ctx, viewer, employerId);
      const statement = await contributionStatement(ctx.prisma, employerId);
      if (!statement) throw new NotFoundError('Employeur introuvable.');
      return statement;
    },
  }),
);

builder.queryField('ipmCollection', (t) =>
  t.field({
    type: CollectionRef,
    description:
      'The collection of the viewer’s IPM by employer (adhering, or with calls): called, paid, due, overdue, credit, ' +
      'open ladder, suspension; overdue first. Filters: overdue only, a part of the name or CSS/IPRES number.',
    args: {
      overdueOnly: t.arg.boolean({ required: false, description: 'Only the employers with an overdue amount.' }),
      search: t.arg.string({
        required: false,
        description: 'A part of the name or CSS/IPRES number, 100 characters at most.',
      }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'ipmCollection');
      return ipmCollection(ctx.prisma, ownIpm(viewer), { overdueOnly: args.overdueOnly, search: args.search }).catch(
        (e) => toApiError(e),
      );
    },
  }),
);

builder.queryField('reminderLadder', (t) =>
  t.field({
    type: LadderRef,
    description: 'The reminder ladder of the viewer’s IPM (its own, else the default).',
    errors: { types: [...GATE_ERRORS, NotAllowedError], directResult: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'reminderLadder');
      return ladderOf(ctx.prisma, ownIpm(viewer));
    },
  }),
);

builder.mutationField('setReminderLadder', (t) =>
  t.field({
    type: LadderRef,
    description: `Sets the reminder ladder of the viewer’s IPM: ${Object.keys(LADDER_ACTIONS).join(', ')}, in this order, each later than the one before. Debts already in their ladder keep theirs.`,
    args: { levels: t.arg({ type: [LadderLevelInput], required: true }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'setReminderLadder');
      const ipmId = ownIpm(viewer);
      await setLadder(ctx.prisma, ipmId, args.levels, viewer.userId).catch((e) => toApiError(e));
      return ladderOf(ctx.prisma, ipmId);
    },
  }),
);

builder.mutationField('issueContributionCalls', (t) =>
  t.field({
    type: BatchRef,
    description:
      'Issues the calls of every employer of the viewer’s IPM for a period, in one batch (followed on /lots), and opens ' +
      'the period’s campaign case, whose timer opens the ladders of the calls unpaid at the due date. Issuing again ' +
      'adds only the calls still missing.',
    args: {
      period: t.arg.string({ required: true, description: 'AAAA-MM.' }),
      dueDate: t.arg.string({ required: true, description: 'AAAA-MM-JJ.' }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'issueContributionCalls');
      const ipmId = ownIpm(viewer);
      const role = viewer.roles.find((r) => IPM_ROLES.includes(r)) as Role;
      const { batch } = await issueCalls(ctx.services.cases, {
        ipmId,
        period: args.period,
        dueDate: args.dueDate,
        actor: { id: viewer.userId, role },
      }).catch((e) => toApiError(e));
      return batch;
    },
  }),
);

const DeclarationRef = builder
  .objectRef<{ recomputed: boolean; callAmount: number | null }>('PayrollDeclarationOutcome')
  .implement({
    fields: (t) => ({
      recomputed: t.exposeBoolean('recomputed', { description: 'Whether the period’s call was recomputed.' }),
      callAmount: t.exposeFloat('callAmount', { nullable: true }),
    }),
  });

builder.mutationField('declarePayroll', (t) =>
  t.field({
    type: DeclarationRef,
    description:
      'An employer’s payroll for a period (by the employer or its IPM): the base of the period’s call, which it ' +
      'recomputes while nothing is paid on it.',
    args: {
      employerId: t.arg.id({ required: true }),
      period: t.arg.string({ required: true }),
      payroll: t.arg.float({ required: true }),
      headcount: t.arg.int({ required: true }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'declarePayroll');
      const employerId = String(args.employerId);
      await reachableEmployer(ctx, viewer, employerId);
      return declarePayroll(ctx.services.cases, {
        employerId,
        period: args.period,
        payroll: args.payroll,
        headcount: args.headcount,
        declaredBy: viewer.userId,
      }).catch((e) => toApiError(e));
    },
  }),
);

builder.mutationField('enterPayment', (t) =>
  t.field({
    type: PaymentOutcomeRef,
    description:
      'A payment received from an employer of the viewer’s IPM: allocated to its calls oldest first, the rest kept as ' +
      'credit; a payment that clears its overdue debt stops its ladder and lifts the suspension from its date.',
    args: {
      employerId: t.arg.id({ required: true }),
      amount: t.arg.float({ required: true, description: 'Whole FCFA.' }),
      paidOn: t.arg.string({ required: true, description: 'AAAA-MM-JJ.' }),
      reference: t.arg.string({ required: true, description: 'Unique within the IPM (a cheque or transfer number).' }),
    },
    errors: {
      types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError, ConflictError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'enterPayment');
      const ipmId = ownIpm(viewer);
      const employerId = String(args.employerId);
      await reachableEmployer(ctx, viewer, employerId);
      return enterPayment(ctx.services.cases, {
        ipmId,
        employerId,
        amount: args.amount,
        paidOn: args.paidOn,
        reference: args.reference,
        enteredBy: viewer.userId,
      }).catch((e) => toApiError(e));
    },
  }),
);

builder.mutationField('importBankStatement', (t) =>
  t.field({
    type: BankReportRef,
    description:
      'A bank statement (CSV: date;reference;css_ipres;montant;libelle) of the viewer’s IPM: every line checked, all ' +
      'stored or none, line report in French; lines already stored are skipped, so importing again changes nothing.',
    args: { file: t.arg({ type: 'File', required: true }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'importBankStatement');
      const ipmId = ownIpm(viewer);
      const content = new Uint8Array(await args.file.arrayBuffer());
      if (content.byteLength > ctx.services.uploadMaxBytes)
        throw new InvalidInputError('Relevé trop volumineux : découpez-le et recommencez.');
      return importBankStatement(ctx.services.cases, { ipmId, content, enteredBy: viewer.userId }).catch((e) =>
        toApiError(e),
      );
    },
  }),
);
