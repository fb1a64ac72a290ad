// The enrolment's part of the API: rights at a date, for the IPM that holds the beneficiary.
import { readDay } from '../../processes/calendar.ts';
import { beneficiaryIpm, prismaSql } from '../../services/enrolment/beneficiary-ipm.ts';
import { rightsAt, rightsSettingsOf } from '../../services/enrolment/rights-at.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { RightsAnswerRef } from './rights-answer.ts';

builder.queryField('rightsAt', (t) =>
  t.field({
    type: RightsAnswerRef,
    description: 'Rights of a participant or a dependant of the viewer’s IPM on a date (YYYY-MM-DD).',
    args: {
      beneficiaryId: t.arg.id({ required: true }),
      date: t.arg.string({ required: true }),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'rightsAt');
      if (readDay(args.date) === null)
        throw new InvalidInputError('Date invalide : attendu AAAA-MM-JJ, une date qui existe.', {
          date: 'attendu AAAA-MM-JJ',
        });
      const id = String(args.beneficiaryId);
      const ipm = await beneficiaryIpm(ctx.prisma, id);
      // Another IPM's beneficiary is answered as nobody: the register is the IPM's own.
      if (ipm === null || ipm !== viewer.organisationId)
        throw new NotFoundError('Bénéficiaire introuvable dans votre IPM.');
      return rightsAt(prismaSql(ctx.prisma), id, args.date, rightsSettingsOf(ctx.services.cases.settingOverrides));
    },
  }),
);

import './adhesion.ts';
import './workers.ts';
import './dependants.ts';
import './data-quality.ts';
import './register.ts';
import './member.ts';
