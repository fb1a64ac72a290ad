// Enrolment one by one through the API: an employer's workers, hires, departures and deaths.
import { declareDeparture } from '../../services/enrolment/declare-departure.ts';
import { declareHire, type HireResult } from '../../services/enrolment/declare-hire.ts';
import { employerWorkers, type WorkersPage, type WorkerView } from '../../services/enrolment/employer-workers.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import {
  ConflictError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  RecordingFailedError,
  toApiError,
} from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const DependantRef = builder.objectRef<WorkerView['dependants'][number]>('EmployerWorkerDependant').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', { description: 'conjoint or enfant.' }),
    rank: t.exposeInt('rank'),
    lastName: t.exposeString('lastName'),
    firstNames: t.exposeString('firstNames'),
    birthDate: t.exposeString('birthDate'),
    cardNumber: t.exposeString('cardNumber'),
  }),
});

const WorkerRef = builder.objectRef<WorkerView>('EmployerWorker').implement({
  description: 'A participant of the employer, without the NIN (never shown).',
  fields: (t) => ({
    id: t.exposeID('id'),
    matricule: t.exposeString('matricule'),
    lastName: t.exposeString('lastName'),
    firstNames: t.exposeString('firstNames'),
    birthDate: t.exposeString('birthDate'),
    sex: t.exposeString('sex'),
    salary: t.exposeInt('salary'),
    cardNumber: t.exposeString('cardNumber'),
    affiliatedFrom: t.exposeString('affiliatedFrom', { nullable: true }),
    affiliatedUntil: t.exposeString('affiliatedUntil', {
      nullable: true,
      description: 'The first day no longer covered (a departure’s or death’s date), null while affiliated.',
    }),
    endReason: t.exposeString('endReason', { nullable: true }),
    dependants: t.field({ type: [DependantRef], resolve: (w) => w.dependants }),
  }),
});

const WorkersPageRef = builder.objectRef<WorkersPage>('EmployerWorkersPage').implement({
  fields: (t) => ({
    employerId: t.exposeID('employerId'),
    employerName: t.exposeString('employerName'),
    total: t.exposeInt('total'),
    workers: t.field({ type: [WorkerRef], resolve: (p) => p.workers }),
    next: t.exposeString('next', { nullable: true, description: 'Pass it as `after` for the next page.' }),
  }),
});

builder.queryField('employerWorkers', (t) =>
  t.field({
    type: WorkersPageRef,
    description: 'An employer’s workers and their dependants, a page at a time in name order: yours, or your IPM’s.',
    args: {
      employerId: t.arg.id({ required: true }),
      first: t.arg.int({ description: '1 to 200, 50 by default.' }),
      after: t.arg.string(),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) =>
      employerWorkers(ctx.prisma, authorize(ctx, 'employerWorkers'), {
        employerId: String(args.employerId),
        first: args.first,
        after: args.after,
      }).catch((error) => toApiError(error)),
  }),
);

const HireInput = builder.inputType('DeclareHireInput', {
  fields: (t) => ({
    employerId: t.id({ required: true }),
    identifierKind: t.string({ required: true, description: 'nin (Senegalese: ECOWAS card) or cmu (foreigner).' }),
    identifier: t.string({ required: true, description: 'Never stored in clear nor shown again.' }),
    matricule: t.string({ required: true, description: 'The employer’s payroll number (matricule de solde).' }),
    lastName: t.string({ required: true }),
    firstNames: t.string({ required: true }),
    birthDate: t.string({ required: true, description: 'AAAA-MM-JJ.' }),
    sex: t.string({ required: true, description: 'F or M.' }),
    hireDate: t.string({
      required: true,
      description: 'AAAA-MM-JJ: rights start that day (or at the contract’s start).',
    }),
    salary: t.int({ required: true, description: 'Monthly, in FCFA.' }),
    requestId: t.string({ description: 'The same id twice declares once.' }),
  }),
});

const HireRef = builder.objectRef<HireResult>('DeclaredHire').implement({
  fields: (t) => ({
    participantId: t.exposeID('participantId'),
    cardNumber: t.exposeString('cardNumber'),
    affiliationId: t.exposeID('affiliationId'),
    coveredFrom: t.exposeString('coveredFrom'),
  }),
});

const DECLARATION_ERRORS = [
  ...GATE_ERRORS,
  NotFoundError,
  InvalidInputError,
  NotAllowedError,
  ConflictError,
  RecordingFailedError,
] as const;

builder.mutationField('declareHire', (t) =>
  t.field({
    type: HireRef,
    description:
      'Declares a hire: the participant (NIN or CMU number checked, stored only encrypted) and its affiliation from ' +
      'the hire date. Refused when the same person is affiliated elsewhere on that date, naming nobody; when it is ' +
      'at another IPM, a `doublon` case opens between the two IPMs (the refusal names it) and ICAMO arbitrates.',
    args: { input: t.arg({ type: HireInput, required: true }) },
    errors: { types: [...DECLARATION_ERRORS], directResult: true },
    resolve: async (_root, { input }, ctx) =>
      declareHire(
        ctx.prisma,
        authorize(ctx, 'declareHire'),
        ctx.services.dataKeys,
        { ...input, employerId: String(input.employerId) },
        undefined,
        ctx.services.cases,
        ctx.services.identity,
      ).catch((error) => toApiError(error, { event: 'embauche' })),
  }),
);

const DepartureRef = builder
  .objectRef<{ participantId: string; affiliationId: string; endsOn: string }>('DeclaredDeparture')
  .implement({
    fields: (t) => ({
      participantId: t.exposeID('participantId'),
      affiliationId: t.exposeID('affiliationId'),
      endsOn: t.exposeString('endsOn', { description: 'The first day no longer covered.' }),
    }),
  });

builder.mutationField('declareDeparture', (t) =>
  t.field({
    type: DepartureRef,
    description:
      'Declares a worker’s departure (reason depart) or death (reason deces) on a date: its affiliation ends that day.',
    args: {
      participantId: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true, description: 'depart or deces.' }),
      date: t.arg.string({ required: true, description: 'AAAA-MM-JJ: the first day no longer covered.' }),
      requestId: t.arg.string(),
    },
    errors: { types: [...DECLARATION_ERRORS], directResult: true },
    resolve: async (_root, args, ctx) =>
      declareDeparture(ctx.prisma, authorize(ctx, 'declareDeparture'), {
        participantId: String(args.participantId),
        reason: args.reason,
        date: args.date,
        requestId: args.requestId,
      }).catch((error) => toApiError(error, { event: args.reason })),
  }),
);
