// The data-quality report of the viewer's IPM register: duplicates, missing mandatory data, incoherent dates.
import { dakarDay } from '../../processes/calendar.ts';
import { prismaSql } from '../../services/enrolment/beneficiary-ipm.ts';
import { dataQualityReport, type QualityFinding } from '../../services/enrolment/data-quality.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const FindingRef = builder.objectRef<QualityFinding>('DataQualityFinding').implement({
  description: 'One check of the register: how many records it finds, and the first of them by card number.',
  fields: (t) => ({
    check: t.exposeString('check'),
    label: t.exposeString('label', { description: 'In French: what is wrong and what to do.' }),
    count: t.exposeInt('count'),
    examples: t.exposeStringList('examples'),
  }),
});

const ReportRef = builder.objectRef<{ findings: QualityFinding[] }>('DataQualityReport').implement({
  fields: (t) => ({ findings: t.field({ type: [FindingRef], resolve: (r) => r.findings }) }),
});

builder.queryField('dataQualityReport', (t) =>
  t.field({
    type: ReportRef,
    description: 'The data-quality report of your IPM’s register (no NIN, no name: card numbers).',
    errors: { types: [...GATE_ERRORS], directResult: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'dataQualityReport');
      return {
        findings: await dataQualityReport(prismaSql(ctx.prisma), viewer.organisationId, dakarDay(new Date())),
      };
    },
  }),
);
