// The rights check's part of the API: the check itself (a query: it reads, and logs that it read), the
// log of checks a page at a time, and the alerts the checks raised.

import { listAlerts, type RightsCheckAlertEntry } from '../../services/controle/alerts.ts';
import type { ActCoverage } from '../../services/controle/care-package.ts';
import { CHECKS_PAGE_MAX, type CheckLogEntry, listChecks } from '../../services/controle/check-log.ts';
import { type CheckAnswer, RateLimitedError } from '../../services/controle/check-rights.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ErrorInterface, GATE_ERRORS } from '../types/errors.ts';
import { runCheck } from './run-check.ts';

export class TooManyChecksError extends ApiError {
  readonly code = 'trop_de_controles';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

builder.objectType(TooManyChecksError, {
  name: 'TooManyChecksError',
  description: 'The provider checked more than its limit in a minute: wait retryAfterSeconds.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TooManyChecksError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

const ActCoverageRef = builder.objectRef<ActCoverage>('ActCoverage').implement({
  description: 'What the IPM’s care package in force on the day of care says of an intended act.',
  fields: (t) => ({
    code: t.exposeString('code'),
    known: t.exposeBoolean('known', {
      description: 'The package names the act; false: the IPM does not cover it, or has no package that day.',
    }),
    rate: t.exposeInt('rate', { nullable: true, description: 'Percent covered.' }),
    annualCeiling: t.exposeInt('annualCeiling', { nullable: true, description: 'The yearly ceiling, in FCFA.' }),
    remainingCeiling: t.exposeInt('remainingCeiling', {
      nullable: true,
      description: 'FCFA left this year: null until claims are liquidated in Siamo.',
    }),
    pecRequired: t.exposeBoolean('pecRequired', { nullable: true }),
  }),
});

const IpmRef = builder
  .objectRef<{ id: string; name: string }>('RightsCheckIpm')
  .implement({ fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }) });

const RightsCheckAnswerRef = builder.objectRef<CheckAnswer>('RightsCheckAnswer').implement({
  description: 'A rights check’s answer, as logged: covered or not, why in French, the IPM, the number to quote.',
  fields: (t) => ({
    checkNumber: t.exposeString('checkNumber', { description: 'CD-000000042: what the provider quotes.' }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime' }),
    covered: t.exposeBoolean('covered'),
    outcome: t.exposeString('outcome', {
      description:
        'couvert or a rule’s code (non_affilie, depart, transfert, deces, employeur_suspendu, participant_suspendu, ' +
        'limite_age), or why no check was made (identifiant_absent, carte_invalide, nin_invalide, inconnu, ' +
        'date_invalide, date_hors_limites, prestataire_non_agree).',
    }),
    reason: t.exposeString('reason', { description: 'In French, to show as it is.' }),
    date: t.exposeString('date', { nullable: true }),
    ipm: t.field({ type: IpmRef, nullable: true, resolve: (a) => a.ipm }),
    acts: t.field({ type: [ActCoverageRef], resolve: (a) => a.acts }),
    convention: t.exposeString('convention', {
      nullable: true,
      description:
        'When covered, the provider’s convention with the member’s IPM that day: tiers_payant, sans_tiers_payant, ' +
        'absent (not conventioned: the member pays and is reimbursed) or unknown (the IPM keeps no list in force).',
    }),
    line: t.exposeString('line', { description: 'The whole answer on one line.' }),
  }),
});

builder.queryField('checkRights', (t) =>
  t.field({
    type: RightsCheckAnswerRef,
    description:
      'Checks a member’s rights on a day (today in Dakar by default), by card number or NIN (exact match), for the ' +
      'viewer’s provider; every answer is logged, a refusal too.',
    args: {
      cardNumber: t.arg.string(),
      nin: t.arg.string(),
      date: t.arg.string({ description: 'YYYY-MM-DD' }),
      acts: t.arg.stringList({ description: 'Codes of the acts intended (nomenclature: CON001).' }),
    },
    errors: { types: [...GATE_ERRORS, TooManyChecksError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'checkRights');
      try {
        return await runCheck(ctx, viewer, 'graphql', args);
      } catch (error) {
        if (error instanceof RateLimitedError) throw new TooManyChecksError(error.message, error.retryAfterSeconds);
        throw error;
      }
    },
  }),
);

const RightsCheckEntryRef = builder.objectRef<CheckLogEntry>('RightsCheckEntry').implement({
  description: 'One logged rights check (never a NIN: the beneficiary’s id when one was found).',
  fields: (t) => ({
    checkNumber: t.exposeString('checkNumber'),
    at: t.expose('at', { type: 'DateTime' }),
    actorId: t.exposeID('actorId'),
    providerOrganisationId: t.exposeID('providerOrganisationId'),
    providerCode: t.exposeString('providerCode', { nullable: true }),
    channel: t.exposeString('channel'),
    beneficiaryId: t.exposeID('beneficiaryId', { nullable: true }),
    ipmId: t.exposeID('ipmId', { nullable: true }),
    careDate: t.exposeString('careDate', { nullable: true }),
    acts: t.exposeStringList('acts'),
    outcome: t.exposeString('outcome'),
    covered: t.exposeBoolean('covered'),
    answer: t.exposeString('answer'),
  }),
});

const RightsCheckPageRef = builder
  .objectRef<{ entries: CheckLogEntry[]; hasNextPage: boolean }>('RightsCheckPage')
  .implement({
    fields: (t) => ({
      entries: t.field({ type: [RightsCheckEntryRef], resolve: (p) => p.entries }),
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.string({
        nullable: true,
        description: 'Pass as `after` for the next page.',
        resolve: (p) => p.entries.at(-1)?.checkNumber ?? null,
      }),
    }),
  });

/** Whose checks the viewer sees: a provider its own, an IPM its members'; nobody else any. */
const checkScope = (ctx: ApiContext, organisationId: string) => {
  const kind = ctx.viewer?.organisationKind;
  if (kind === 'PRESTATAIRE') return { providerOrganisationId: organisationId };
  if (kind === 'IPM') return { ipmId: organisationId };
  return null;
};

builder.queryField('rightsChecks', (t) =>
  t.field({
    type: RightsCheckPageRef,
    description: `The rights checks the viewer may see, newest first, at most ${CHECKS_PAGE_MAX} at a time: a provider its own, an IPM its members’.`,
    args: { first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    errors: { types: [...GATE_ERRORS], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'rightsChecks');
      const scope = checkScope(ctx, viewer.organisationId);
      if (!scope) return { entries: [], hasNextPage: false };
      return listChecks(ctx.prisma, scope, { first: args.first ?? 50, after: args.after ?? null });
    },
  }),
);

const RightsCheckAlertRef = builder.objectRef<RightsCheckAlertEntry>('RightsCheckAlert').implement({
  description:
    'An alert the checks raised: `enumeration` (many unrelated members checked by one provider) or `cartes_distantes` (one member checked the same day by providers in two régions).',
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.expose('at', { type: 'DateTime' }),
    kind: t.exposeString('kind'),
    providerOrganisationId: t.exposeID('providerOrganisationId'),
    subjects: t.exposeInt('subjects'),
    message: t.exposeString('message'),
  }),
});

builder.queryField('rightsCheckAlerts', (t) =>
  t.field({
    type: [RightsCheckAlertRef],
    description: 'The last alerts of the rights checks: ICAMO all of them, an IPM those concerning its members.',
    errors: { types: [...GATE_ERRORS] },
    resolve: async (_root, _args, ctx) => {
      const viewer = authorize(ctx, 'rightsCheckAlerts');
      return listAlerts(ctx.prisma, viewer.organisationKind === 'ICAMO' ? 'all' : { ipmId: viewer.organisationId });
    },
  }),
);
