import { type CaseMigration, type MigrationReport, migrateCases } from '../../services/migrate-cases.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const StateMappingInput = builder.inputType('StateMappingInput', {
  description: 'A state of the cases’ current version, and the state of the target version it becomes.',
  fields: (t) => ({
    from: t.string({ required: true }),
    to: t.string({ required: true }),
  }),
});

const MigrateCasesInput = builder.inputType('MigrateCasesInput', {
  fields: (t) => ({
    processId: t.string({ required: true }),
    toVersion: t.int({ required: true }),
    caseIds: t.idList({ required: true, description: 'From 1 to 100 running cases of that process.' }),
    mapping: t.field({ type: [StateMappingInput], required: true }),
    dryRun: t.boolean({ description: 'Only check: nothing is moved.' }),
  }),
});

const CaseMigrationRef = builder.objectRef<CaseMigration>('CaseMigration').implement({
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    ok: t.exposeBoolean('ok', { description: 'Moved, or in a dry run movable.' }),
    from: t.exposeString('from', { nullable: true }),
    to: t.exposeString('to', { nullable: true }),
    problems: t.exposeStringList('problems', { description: 'Why it cannot move, in French.' }),
  }),
});

const MigrationReportRef = builder.objectRef<MigrationReport>('MigrationReport').implement({
  fields: (t) => ({
    checked: t.exposeBoolean('checked', { description: 'False when a check failed: then no case moved.' }),
    moved: t.exposeInt('moved'),
    cases: t.field({ type: [CaseMigrationRef], resolve: (report) => report.cases }),
  }),
});

builder.mutationField('migrateCases', (t) =>
  t.field({
    type: MigrationReportRef,
    description:
      'Moves chosen running cases to another version of their process, each state of their version mapped to ' +
      'one of the target version (administrators). Everything is checked first — the mapped states exist, each ' +
      'case is running and in a mapped state, no pending timer would be lost — and nothing moves if a check ' +
      'fails. The history of each case shows the move.',
    args: { input: t.arg({ type: MigrateCasesInput, required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError, InvalidInputError], directResult: true },
    resolve: async (_root, { input }, ctx) => {
      const viewer = authorize(ctx, 'migrateCases');
      const mapping: Record<string, string> = {};
      for (const { from, to } of input.mapping) {
        if (Object.hasOwn(mapping, from) && mapping[from] !== to) {
          throw new InvalidInputError(`L’état « ${from} » a deux correspondances.`, {
            mapping: 'Une seule correspondance par état.',
          });
        }
        mapping[from] = to;
      }
      return migrateCases(ctx.services.cases, {
        processId: input.processId,
        toVersion: input.toVersion,
        caseIds: input.caseIds.map(String),
        mapping,
        actor: { id: viewer.userId, role: 'administrateur' },
        dryRun: input.dryRun ?? false,
      }).catch((error) => toApiError(error));
    },
  }),
);
