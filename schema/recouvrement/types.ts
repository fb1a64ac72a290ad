import type { LadderLevel } from '../../processes/recouvrement/ladder.ts';
import type { BankImportReport, BankLineReport } from '../../services/recouvrement/bank-statement.ts';
import type { CollectionLine, CollectionTotals } from '../../services/recouvrement/collection.ts';
import type {
  ContributionStatement,
  StatementCall,
  StatementPayment,
  StatementReminder,
} from '../../services/recouvrement/statement.ts';
import { builder } from '../builder.ts';

// The recouvrement's GraphQL types. Amounts are whole FCFA as Float: a payroll passes 2^31.

export const CallRef = builder.objectRef<StatementCall>('ContributionCall').implement({
  description: 'A contribution call of an employer for a period, with the rates it was issued at.',
  fields: (t) => ({
    id: t.exposeID('id'),
    period: t.exposeString('period', { description: 'AAAA-MM.' }),
    headcount: t.exposeInt('headcount'),
    payrollBase: t.exposeFloat('payrollBase'),
    payrollSource: t.exposeString('payrollSource', { description: 'effectif or declaration.' }),
    employerRate: t.exposeInt('employerRate', { description: 'Ten-thousandths of the payroll.' }),
    workerRate: t.exposeInt('workerRate', { description: 'Ten-thousandths of the payroll.' }),
    employerShare: t.exposeFloat('employerShare'),
    workerShare: t.exposeFloat('workerShare'),
    amount: t.exposeFloat('amount'),
    paid: t.exposeFloat('paid'),
    due: t.exposeFloat('due'),
    dueDate: t.exposeString('dueDate'),
    status: t.exposeString('status', { description: 'emis, partiellement_paye or paye.' }),
    issuedBy: t.exposeString('issuedBy'),
    issuedAt: t.field({ type: 'DateTime', resolve: (c) => c.issuedAt }),
  }),
});

const AllocationRef = builder.objectRef<StatementPayment['allocations'][number]>('PaymentAllocation').implement({
  description: 'A part of a payment applied to a call.',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    period: t.exposeString('period'),
    amount: t.exposeFloat('amount'),
    allocatedBy: t.exposeString('allocatedBy'),
    allocatedAt: t.field({ type: 'DateTime', resolve: (a) => a.allocatedAt }),
  }),
});

const PaymentRef = builder.objectRef<StatementPayment>('ContributionPayment').implement({
  description: 'A payment received from an employer, and how it was allocated (oldest call first).',
  fields: (t) => ({
    id: t.exposeID('id'),
    amount: t.exposeFloat('amount'),
    paidOn: t.exposeString('paidOn'),
    reference: t.exposeString('reference'),
    source: t.exposeString('source', { description: 'manuel or banque.' }),
    enteredBy: t.exposeString('enteredBy'),
    enteredAt: t.field({ type: 'DateTime', resolve: (p) => p.enteredAt }),
    allocated: t.exposeFloat('allocated'),
    allocations: t.field({ type: [AllocationRef], resolve: (p) => p.allocations }),
  }),
});

const ReminderRef = builder.objectRef<StatementReminder>('ContributionReminder').implement({
  description: 'A `recouvrement` case (the reminder ladder of one debt).',
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    state: t.exposeString('state'),
    stateLabel: t.exposeString('stateLabel'),
    terminal: t.exposeBoolean('terminal'),
    openedAt: t.field({ type: 'DateTime', resolve: (r) => r.openedAt }),
    amountDue: t.exposeFloat('amountDue', { nullable: true, description: 'As the case last heard it.' }),
    period: t.exposeString('period', { nullable: true, description: 'The oldest unpaid call’s period.' }),
    levels: t.field({
      type: [
        builder.objectRef<StatementReminder['levels'][number]>('ContributionReminderLevel').implement({
          description: 'A level of the ladder and the instant the case reaches it.',
          fields: (f) => ({
            level: f.exposeString('level', {
              description: 'courrier, mise_en_demeure, signalement_icamo or suspension.',
            }),
            label: f.exposeString('label'),
            at: f.exposeString('at', { nullable: true, description: 'ISO 8601 instant.' }),
          }),
        }),
      ],
      resolve: (r) => r.levels,
    }),
  }),
});

export const StatementRef = builder.objectRef<ContributionStatement>('ContributionStatement').implement({
  description: '« État des cotisations dues » of an employer.',
  fields: (t) => ({
    employerId: t.exposeID('employerId'),
    employerName: t.exposeString('employerName'),
    ipmId: t.exposeID('ipmId'),
    calls: t.field({ type: [CallRef], resolve: (s) => s.calls }),
    payments: t.field({ type: [PaymentRef], resolve: (s) => s.payments }),
    totalCalled: t.exposeFloat('totalCalled'),
    totalPaid: t.exposeFloat('totalPaid'),
    balance: t.exposeFloat('balance', { description: 'Still due on every call.' }),
    overdue: t.exposeFloat('overdue', { description: 'Still due on calls past their due date.' }),
    credit: t.exposeFloat('credit', { description: 'Payments not allocated yet (overpayments).' }),
    reminders: t.field({ type: [ReminderRef], resolve: (s) => s.reminders }),
  }),
});

export interface PaymentView {
  paymentId: string;
  outstanding: number;
  credit: number;
  allocated: { callId: string; amount: number }[];
  ladder: string;
}

export const PaymentOutcomeRef = builder.objectRef<PaymentView>('PaymentOutcome').implement({
  description: 'A payment stored and allocated.',
  fields: (t) => ({
    paymentId: t.exposeID('paymentId'),
    outstanding: t.exposeFloat('outstanding', { description: 'Still due by the employer on its calls.' }),
    credit: t.exposeFloat('credit'),
    allocatedTo: t.field({
      type: [
        builder.objectRef<{ callId: string; amount: number }>('PaymentOutcomeAllocation').implement({
          fields: (f) => ({ callId: f.exposeID('callId'), amount: f.exposeFloat('amount') }),
        }),
      ],
      resolve: (p) => p.allocated,
    }),
    ladder: t.exposeString('ladder', { description: 'soldee, actualisee, inchangee or sans_relance.' }),
  }),
});

const BankLineRef = builder.objectRef<BankLineReport>('BankStatementLine').implement({
  fields: (t) => ({
    line: t.exposeInt('line'),
    outcome: t.exposeString('outcome', { description: 'enregistre, deja_enregistre or invalide.' }),
    reference: t.exposeString('reference', { nullable: true }),
    employerId: t.exposeID('employerId', { nullable: true }),
    amount: t.exposeFloat('amount', { nullable: true }),
    message: t.exposeString('message', { description: 'French.' }),
  }),
});

export const BankReportRef = builder.objectRef<BankImportReport>('BankStatementImport').implement({
  description: 'A bank statement read: all its payments stored, or none when a line is invalid.',
  fields: (t) => ({
    sha256: t.exposeString('sha256'),
    loaded: t.exposeBoolean('loaded'),
    stored: t.exposeInt('stored'),
    alreadyStored: t.exposeInt('alreadyStored'),
    invalid: t.exposeInt('invalid'),
    lines: t.field({ type: [BankLineRef], resolve: (r) => r.lines }),
  }),
});

export const LadderLevelRef = builder.objectRef<LadderLevel>('ReminderLadderLevel').implement({
  fields: (t) => ({
    action: t.exposeString('action', { description: 'courrier, mise_en_demeure, signalement_icamo or suspension.' }),
    delai: t.exposeString('delai', { description: 'ISO 8601 duration after the due date.' }),
  }),
});

export const LadderLevelInput = builder.inputType('ReminderLadderLevelInput', {
  fields: (t) => ({
    action: t.string({ required: true }),
    delai: t.string({ required: true }),
  }),
});

export const LadderRef = builder
  .objectRef<{ levels: readonly LadderLevel[]; own: boolean; updatedBy: string | null; updatedAt: Date | null }>(
    'ReminderLadder',
  )
  .implement({
    description: 'An IPM’s reminder ladder: its levels, each a delay after the due date.',
    fields: (t) => ({
      levels: t.field({ type: [LadderLevelRef], resolve: (l) => [...l.levels] }),
      own: t.exposeBoolean('own', { description: 'False: the default ladder.' }),
      updatedBy: t.exposeString('updatedBy', { nullable: true }),
      updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (l) => l.updatedAt }),
    }),
  });

export const CollectionLineRef = builder.objectRef<CollectionLine>('CollectionLine').implement({
  description: 'An employer of the IPM and what it owes: its calls’ sums, credit, open ladder and suspension.',
  fields: (t) => ({
    employerId: t.exposeID('employerId'),
    name: t.exposeString('name'),
    cssIpres: t.exposeString('cssIpres'),
    status: t.exposeString('status', { description: 'The employer’s adhesion status.' }),
    headcount: t.exposeInt('headcount', { nullable: true, description: 'Of its latest call.' }),
    latestPeriod: t.exposeString('latestPeriod', { nullable: true }),
    totalCalled: t.exposeFloat('totalCalled'),
    totalPaid: t.exposeFloat('totalPaid'),
    due: t.exposeFloat('due', { description: 'Still due on every call.' }),
    overdue: t.exposeFloat('overdue', { description: 'Still due on calls past their due date.' }),
    oldestUnpaidPeriod: t.exposeString('oldestUnpaidPeriod', { nullable: true }),
    credit: t.exposeFloat('credit'),
    ladderCaseId: t.exposeID('ladderCaseId', { nullable: true, description: 'Its open `recouvrement` case.' }),
    ladderState: t.exposeString('ladderState', { nullable: true }),
    ladderStateLabel: t.exposeString('ladderStateLabel', { nullable: true }),
    suspended: t.exposeBoolean('suspended', {
      description: 'Its participants’ rights suspended today for unpaid calls.',
    }),
  }),
});

const CollectionTotalsRef = builder.objectRef<CollectionTotals>('CollectionTotals').implement({
  fields: (t) => ({
    employers: t.exposeInt('employers'),
    inArrears: t.exposeInt('inArrears', { description: 'Employers with an overdue amount.' }),
    totalCalled: t.exposeFloat('totalCalled'),
    totalPaid: t.exposeFloat('totalPaid'),
    due: t.exposeFloat('due'),
    overdue: t.exposeFloat('overdue'),
    credit: t.exposeFloat('credit'),
  }),
});

export const CollectionRef = builder
  .objectRef<{ lines: CollectionLine[]; totals: CollectionTotals }>('IpmCollection')
  .implement({
    description: 'The IPM’s collection by employer, overdue first, with the lines’ totals.',
    fields: (t) => ({
      lines: t.field({ type: [CollectionLineRef], resolve: (c) => c.lines }),
      totals: t.field({ type: CollectionTotalsRef, resolve: (c) => c.totals }),
    }),
  });
