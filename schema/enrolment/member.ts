// The member's own space: the IPM invites the member; the member reads its own rights and its
// dependants'. The member's queries take no beneficiary id: the account names the participant.
import { readDay } from '../../processes/calendar.ts';
import { type Invitation, inviteMember } from '../../services/enrolment/invite-member.ts';
import {
  type MemberCoverage,
  type MemberDependant,
  memberCoverage,
  memberDependants,
} from '../../services/enrolment/member-space.ts';
import { rightsSettingsOf } from '../../services/enrolment/rights-at.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { RightsAnswerRef } from './rights-answer.ts';

const InvitationRef = builder.objectRef<Invitation>('MemberInvitation').implement({
  description: 'A member invited to its own space: its account, and the mail that carries its one-time code.',
  fields: (t) => ({
    userId: t.exposeID('userId'),
    reason: t.exposeString('reason', {
      description: 'premiere, renvoi (a code unused or lapsed) or mot_de_passe_perdu (the chosen password replaced).',
    }),
    participantId: t.exposeID('participantId'),
    email: t.exposeString('email'),
    expiresAt: t.string({ description: 'Until when the code works.', resolve: (i) => i.expiresAt.toISOString() }),
    mailStatus: t.exposeString('mailStatus', {
      description: 'envoye, or echec (the mail waits in supervision to be sent again).',
    }),
  }),
});

const CoverageRef = builder.objectRef<MemberCoverage>('MemberCoverage').implement({
  description: 'The signed-in member and its rights on a date.',
  fields: (t) => ({
    participantId: t.exposeID('participantId'),
    firstNames: t.exposeString('firstNames'),
    lastName: t.exposeString('lastName'),
    cardNumber: t.exposeString('cardNumber'),
    ipmName: t.exposeString('ipmName', { nullable: true }),
    rights: t.field({ type: RightsAnswerRef, resolve: (c) => c.rights }),
  }),
});

const MemberDependantRef = builder.objectRef<MemberDependant>('MemberDependant').implement({
  description: 'A dependant of the signed-in member, with its rights on the date asked.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', { description: 'conjoint or enfant.' }),
    firstNames: t.exposeString('firstNames'),
    lastName: t.exposeString('lastName'),
    birthDate: t.exposeString('birthDate'),
    cardNumber: t.exposeString('cardNumber'),
    rights: t.field({ type: RightsAnswerRef, resolve: (d) => d.rights }),
  }),
});

/** The day asked, today (Dakar is UTC) when none. */
function dayOf(date: string | null | undefined): string {
  if (date === null || date === undefined || date === '') return new Date().toISOString().slice(0, 10);
  if (readDay(date) === null)
    throw new InvalidInputError('Date invalide : attendu AAAA-MM-JJ, une date qui existe.', {
      date: 'attendu AAAA-MM-JJ',
    });
  return date;
}

const settingsOf = (ctx: ApiContext) => rightsSettingsOf(ctx.services.cases.settingOverrides);

builder.queryField('myCoverage', (t) =>
  t.field({
    type: CoverageRef,
    description: 'Your own rights as a member on a date (YYYY-MM-DD; today by default).',
    args: { date: t.arg.string() },
    errors: { types: [...GATE_ERRORS, NotFoundError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'myCoverage');
      const date = dayOf(args.date);
      return memberCoverage(ctx.prisma, viewer.userId, date, settingsOf(ctx)).catch((e) => toApiError(e));
    },
  }),
);

builder.queryField('myDependants', (t) =>
  t.field({
    type: [MemberDependantRef],
    description: 'Your dependants as a member, each with its rights on a date (YYYY-MM-DD; today by default).',
    args: { date: t.arg.string() },
    errors: { types: [...GATE_ERRORS, NotFoundError, InvalidInputError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'myDependants');
      const date = dayOf(args.date);
      return memberDependants(ctx.prisma, viewer.userId, date, settingsOf(ctx)).catch((e) => toApiError(e));
    },
  }),
);

builder.mutationField('inviteMember', (t) =>
  t.field({
    type: InvitationRef,
    description:
      'Opens a participant’s own space: its account (role assure) and a one-time code mailed to it, valid ' +
      'seven days; the first sign-in asks for its own password. For a participant of your IPM. Invited again, the ' +
      'same account gets a new code and the previous one stops working; a member who chose its password and lost ' +
      'it only with `lostPassword` (that password stops working, its sessions close).',
    args: {
      participantId: t.arg.id({ required: true }),
      email: t.arg.string({ description: 'The member’s address; by default the one of the register.' }),
      lostPassword: t.arg.boolean({ description: 'The member lost the password it chose: replace it by a new code.' }),
      requestId: t.arg.string({ description: 'The same id twice hands out one code.' }),
    },
    errors: {
      types: [...GATE_ERRORS, NotFoundError, InvalidInputError, ConflictError, NotAllowedError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'inviteMember');
      return inviteMember(
        { prisma: ctx.prisma, mail: ctx.services.mail },
        {
          ipmId: viewer.organisationId,
          invitedBy: viewer.userId,
          participantId: String(args.participantId),
          email: args.email,
          lostPassword: args.lostPassword,
          requestId: args.requestId,
        },
      ).catch((e) => toApiError(e));
    },
  }),
);
