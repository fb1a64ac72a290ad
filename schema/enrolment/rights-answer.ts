// The rule's answer (`rightsOn`) as the API gives it: by `rightsAt`, in a participant's file, and to the member.
import type { RightsAnswer } from '../../processes/enrolment/rights.ts';
import { builder } from '../builder.ts';

export const RightsAnswerRef = builder.objectRef<RightsAnswer>('RightsAnswer').implement({
  description: 'Whether a beneficiary is covered on a date, at which IPM, and if not why (the one rule, `rightsOn`).',
  fields: (t) => ({
    date: t.exposeString('date'),
    covered: t.exposeBoolean('covered'),
    code: t.exposeString('code', {
      description:
        'couvert, non_affilie, depart, transfert, deces, employeur_suspendu, participant_suspendu or limite_age.',
    }),
    reason: t.exposeString('reason', { description: 'In French, to show as it is.' }),
    since: t.exposeString('since', { nullable: true, description: 'When the situation that refuses began.' }),
    ipmId: t.exposeString('ipmId', { nullable: true }),
    employerId: t.exposeString('employerId', { nullable: true }),
    affiliationId: t.string({ nullable: true, resolve: (a) => a.used.affiliationId }),
    suspensionId: t.string({ nullable: true, resolve: (a) => a.used.suspensionId }),
    settings: t.field({ type: 'JSON', description: 'The settings the answer read.', resolve: (a) => a.used.settings }),
  }),
});
