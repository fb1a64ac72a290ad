// The IPM's register through the API: its agents and gérant search their own participants, read a
// participant's file and follow the duplicates they are party to; a workforce file is imported by the
// IPM's agent for an employer adhering to it, or by the employer for itself.

import { type EmployerImportReport, importForEmployer } from '../../services/enrolment/import-for-employer.ts';
import { type IpmDuplicate, ipmDuplicates } from '../../services/enrolment/ipm-duplicates.ts';
import { type ParticipantFile, participantFile } from '../../services/enrolment/participant-file.ts';
import {
  type RegisterEntry,
  type RegisterSearchKind,
  searchRegister,
} from '../../services/enrolment/register-search.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotAllowedError, NotFoundError, RecordingFailedError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { RightsAnswerRef } from './rights-answer.ts';

const SearchBy = builder.enumType('ParticipantSearchBy', {
  values: {
    nom: { description: 'Each word in the name or first names, ignoring case and accents.' },
    carte: { description: 'A member card number, the participant’s or one of its dependants’ (exact).' },
    matricule: { description: 'The employer’s payroll number (exact, ignoring case).' },
    nin: { description: 'The NIN or CMU number, exact only: compared through its blind index.' },
  } as const,
});

const EntryRef = builder.objectRef<RegisterEntry>('ParticipantRegisterEntry').implement({
  description: 'A participant of your IPM, without the NIN (never shown).',
  fields: (t) => ({
    id: t.exposeID('id'),
    cardNumber: t.exposeString('cardNumber'),
    matricule: t.exposeString('matricule'),
    lastName: t.exposeString('lastName'),
    firstNames: t.exposeString('firstNames'),
    birthDate: t.exposeString('birthDate'),
    employerId: t.exposeID('employerId'),
    employerName: t.exposeString('employerName'),
    activeToday: t.exposeBoolean('activeToday', { description: 'Affiliated to your IPM today.' }),
  }),
});

const SearchRef = builder.objectRef<{ entries: RegisterEntry[] }>('ParticipantRegisterSearch').implement({
  fields: (t) => ({
    entries: t.field({ type: [EntryRef], description: 'At most 50, in name order.', resolve: (s) => s.entries }),
  }),
});

builder.queryField('registerSearch', (t) =>
  t.field({
    type: SearchRef,
    description: 'Searches your IPM’s register of participants: by name, card number, matricule, or NIN (exact).',
    args: {
      by: t.arg({ type: SearchBy, required: true }),
      query: t.arg.string({ required: true }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, RecordingFailedError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'registerSearch');
      const entries = await searchRegister(ctx.prisma, ctx.services.dataKeys, viewer.organisationId, {
        by: args.by as RegisterSearchKind,
        query: args.query,
      }).catch((error) => toApiError(error));
      return { entries };
    },
  }),
);

type Affiliation = ParticipantFile['affiliations'][number];
const AffiliationRef = builder.objectRef<Affiliation>('ParticipantAffiliation').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    employerName: t.exposeString('employerName'),
    validFrom: t.exposeString('validFrom'),
    validTo: t.exposeString('validTo', { nullable: true, description: 'The first day no longer covered.' }),
    startReason: t.exposeString('startReason'),
    endReason: t.exposeString('endReason', { nullable: true }),
  }),
});

type Dependant = ParticipantFile['dependants'][number];
const DependantRef = builder.objectRef<Dependant>('ParticipantFileDependant').implement({
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

const MemberSpaceRef = builder.objectRef<ParticipantFile['memberSpace']>('ParticipantMemberSpace').implement({
  description: 'The participant’s own space: whether it was invited, and the last code handed out (inviteMember).',
  fields: (t) => ({
    status: t.exposeString('status', { description: 'non_invite, code_envoye, code_expire or ouvert.' }),
    email: t.exposeString('email', { nullable: true, description: 'The address its account signs in with.' }),
    lastInvitedAt: t.expose('lastInvitedAt', { type: 'DateTime', nullable: true }),
    lastReason: t.exposeString('lastReason', {
      nullable: true,
      description: 'premiere, renvoi or mot_de_passe_perdu.',
    }),
    invitations: t.exposeInt('invitations', { description: 'How many codes were handed out.' }),
  }),
});

const FileRef = builder.objectRef<ParticipantFile>('ParticipantFile').implement({
  description: 'A participant’s file in your IPM’s register (never the NIN).',
  fields: (t) => ({
    id: t.exposeID('id'),
    cardNumber: t.exposeString('cardNumber'),
    matricule: t.exposeString('matricule'),
    lastName: t.exposeString('lastName'),
    firstNames: t.exposeString('firstNames'),
    birthDate: t.exposeString('birthDate'),
    sex: t.exposeString('sex'),
    salary: t.exposeInt('salary'),
    employerId: t.exposeID('employerId'),
    employerName: t.exposeString('employerName'),
    affiliations: t.field({ type: [AffiliationRef], resolve: (p) => p.affiliations }),
    dependants: t.field({ type: [DependantRef], resolve: (p) => p.dependants }),
    rightsToday: t.field({ type: RightsAnswerRef, resolve: (p) => p.rightsToday }),
    memberSpace: t.field({ type: MemberSpaceRef, resolve: (p) => p.memberSpace }),
  }),
});

builder.queryField('registerParticipant', (t) =>
  t.field({
    type: FileRef,
    description:
      'A participant’s file: identity, employer, affiliations, dependants and rights today; your IPM’s only.',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'registerParticipant');
      return participantFile(
        ctx.prisma,
        viewer.organisationId,
        String(args.id),
        ctx.services.cases.settingOverrides,
      ).catch((error) => toApiError(error));
    },
  }),
);

const DuplicateRef = builder.objectRef<IpmDuplicate>('IpmDuplicate').implement({
  description: 'A NIN active at two IPMs, yours one of them; ICAMO arbitrates in its `doublon` case.',
  fields: (t) => ({
    id: t.exposeID('id'),
    caseId: t.exposeID('caseId', { nullable: true, description: 'The `doublon` case (held by the second IPM).' }),
    side: t.exposeString('side', {
      description: 'premiere: your IPM holds the first affiliation; seconde: your enrolment waits.',
    }),
    otherIpmName: t.exposeString('otherIpmName'),
    status: t.exposeString('status', { description: 'ouvert, garde_premiere, transfere or rejete.' }),
    statusLabel: t.exposeString('statusLabel'),
    hireDate: t.exposeString('hireDate', { description: 'The hire date of the enrolment at the second IPM.' }),
    openedOn: t.exposeString('openedOn'),
    cardNumber: t.exposeString('cardNumber', { nullable: true, description: 'Your participant’s, when first.' }),
    matricule: t.exposeString('matricule', { nullable: true, description: 'Your enrolment’s, when second.' }),
    employerName: t.exposeString('employerName', { nullable: true, description: 'Your employer’s, when second.' }),
  }),
});

const DuplicatesRef = builder.objectRef<{ duplicates: IpmDuplicate[] }>('IpmDuplicates').implement({
  fields: (t) => ({ duplicates: t.field({ type: [DuplicateRef], resolve: (d) => d.duplicates }) }),
});

const DUPLICATE_STATUS = ['ouvert', 'garde_premiere', 'transfere', 'rejete'];

builder.queryField('ipmDuplicates', (t) =>
  t.field({
    type: DuplicatesRef,
    description: 'The duplicates your IPM is party to, first or second, newest first (at most 200).',
    args: { status: t.arg.string({ description: 'ouvert, garde_premiere, transfere or rejete; all by default.' }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'ipmDuplicates');
      if (args.status != null && !DUPLICATE_STATUS.includes(args.status))
        throw new InvalidInputError(`Statut inconnu : choisissez parmi ${DUPLICATE_STATUS.join(', ')}.`, {
          status: DUPLICATE_STATUS.join(', '),
        });
      return { duplicates: await ipmDuplicates(ctx.prisma, viewer.organisationId, args.status) };
    },
  }),
);

const RefusedLineRef = builder.objectRef<{ line: number; problems: string[] }>('WorkforceRefusedLine').implement({
  fields: (t) => ({
    line: t.exposeInt('line', { description: 'The line in the file (the header is line 1).' }),
    problems: t.exposeStringList('problems', { description: 'In French: what is wrong and what to do.' }),
  }),
});

const AwaitingRef = builder
  .objectRef<EmployerImportReport['awaitingArbitration'][number]>('WorkforceAwaitingLine')
  .implement({
    description: 'A line whose NIN is active at another IPM: not imported, its `doublon` case opened.',
    fields: (t) => ({
      line: t.exposeInt('line'),
      caseId: t.exposeID('caseId'),
      reason: t.exposeString('reason'),
      dependantLines: t.exposeIntList('dependantLines', { description: 'Its dependants’ lines, not imported.' }),
    }),
  });

const ImportRef = builder.objectRef<EmployerImportReport>('WorkforceImport').implement({
  description:
    'The report of a workforce import, line by line: written all or nothing (`applied`), but for the lines ' +
    'active at another IPM, which wait on their `doublon` case.',
  fields: (t) => ({
    employerId: t.exposeID('employerId'),
    applied: t.exposeBoolean('applied', { description: 'False: nothing was written.' }),
    fileProblem: t.exposeString('fileProblem', {
      nullable: true,
      description: 'Why the whole file was refused, in French: nothing read.',
    }),
    lines: t.exposeInt('lines'),
    refused: t.field({ type: [RefusedLineRef], resolve: (r) => r.refused }),
    participantsCreated: t.exposeInt('participantsCreated'),
    participantsAlreadyPresent: t.exposeInt('participantsAlreadyPresent'),
    dependantsCreated: t.exposeInt('dependantsCreated'),
    awaitingArbitration: t.field({ type: [AwaitingRef], resolve: (r) => r.awaitingArbitration }),
  }),
});

builder.mutationField('importWorkforce', (t) =>
  t.field({
    type: ImportRef,
    description:
      'Imports an employer’s workforce file (GraphQL multipart request; the template of docs/enrolment-template.md): ' +
      'yours, or an employer adhering to your IPM. Every line is checked; one refused line and nothing is written. ' +
      'A line whose NIN is active at another IPM opens a `doublon` case instead, and the rest is written.',
    args: {
      employerId: t.arg.id({ required: true }),
      file: t.arg({ type: 'File', required: true }),
    },
    errors: {
      types: [...GATE_ERRORS, NotFoundError, NotAllowedError, InvalidInputError, RecordingFailedError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'importWorkforce');
      return importForEmployer(
        ctx.services.cases,
        viewer,
        ctx.services.dataKeys,
        { employerId: String(args.employerId), bytes: new Uint8Array(await args.file.arrayBuffer()) },
        ctx.services.identity,
      ).catch((error) => toApiError(error));
    },
  }),
);
