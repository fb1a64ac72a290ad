// Prior authorisations (PEC) through the API: the provider asks (requestPec, pre-checks first), the
// IPM's people decide the requests made to their IPM (decidePec), either cancels (cancelPec), and each
// side reads its own (pecRequests). The provider follows its case like any of its own besides.

import { cancelPec, decidePec } from '../../services/pec/decide.ts';
import { listPecRequests, PEC_PAGE_MAX, type PecLetterView, type PecRequestView } from '../../services/pec/list.ts';
import { requestPec } from '../../services/pec/request.ts';
import type { Viewer } from '../../services/viewer.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { NotFoundError, toApiError } from '../errors.ts';
import { CASE_ACTION_ERRORS, GATE_ERRORS } from '../types/errors.ts';

const PecLetterRef = builder.objectRef<PecLetterView>('PecLetter').implement({
  description: 'A letter to the provider (Word): download it at /documents/<documentId>.',
  fields: (t) => ({
    documentId: t.exposeID('documentId'),
    name: t.exposeString('name'),
    kind: t.exposeString('kind', { description: 'lettre_pec_accord or lettre_pec_refus.' }),
    number: t.exposeString('number', { nullable: true }),
  }),
});

export const PecRequestRef = builder.objectRef<PecRequestView>('PecRequest').implement({
  description:
    'A request for a prior authorisation (PEC): what its pre-checks found (tariff of the version in force, rate, ' +
    'amount covered), its case’s state, and once granted its number and validity window.',
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    businessKey: t.exposeString('businessKey'),
    state: t.exposeString('state', {
      description: 'demande, avis_medecin, a_instruire, accordee, refusee, consommee, expiree or annulee.',
    }),
    stateLabel: t.exposeString('stateLabel'),
    terminal: t.exposeBoolean('terminal'),
    revision: t.exposeInt('revision', { description: 'Send it back as `expectedRevision`.' }),
    requestedAt: t.string({ resolve: (r) => r.requestedAt.toISOString() }),
    providerCode: t.exposeString('providerCode'),
    ipmId: t.exposeString('ipmId'),
    ipmName: t.exposeString('ipmName', { nullable: true }),
    beneficiaryId: t.exposeID('beneficiaryId'),
    actCode: t.exposeString('actCode'),
    actLabel: t.exposeString('actLabel'),
    plannedDate: t.exposeString('plannedDate'),
    tariff: t.exposeInt('tariff', { description: 'FCFA, the tariff in force on the planned date.' }),
    tariffSource: t.exposeString('tariffSource', {
      description: 'ipm-tarifs-convenus (agreed with this provider) or tarifs (national).',
    }),
    rate: t.exposeInt('rate', { description: 'Percent covered by the IPM’s care package.' }),
    coveredAmount: t.exposeInt('coveredAmount', { description: 'FCFA covered by the IPM.' }),
    medicalOpinionRequired: t.exposeBoolean('medicalOpinionRequired'),
    medicalOpinion: t.exposeString('medicalOpinion', { nullable: true, description: 'favorable or defavorable.' }),
    number: t.exposeString('number', { nullable: true, description: 'PEC-<IPM>-<year>-<sequence>, once granted.' }),
    validFrom: t.exposeString('validFrom', { nullable: true }),
    validTo: t.exposeString('validTo', { nullable: true, description: 'The last day of validity.' }),
    refusalReason: t.exposeString('refusalReason', { nullable: true }),
    cancellationReason: t.exposeString('cancellationReason', { nullable: true }),
    letters: t.field({ type: [PecLetterRef], resolve: (r) => r.letters }),
  }),
});

const one = async (ctx: ApiContext, viewer: Viewer, caseId: string) => {
  const [found] = await listPecRequests(ctx.prisma, viewer, { caseId });
  if (!found) throw new NotFoundError('Cette demande de prise en charge est introuvable.');
  return found;
};

builder.queryField('pecRequests', (t) =>
  t.field({
    type: [PecRequestRef],
    description:
      'The PEC requests you follow, newest first: a provider’s agent those of its establishment; an IPM’s agent or ' +
      'gérant those made to their IPM.',
    args: {
      caseId: t.arg.id({ description: 'Only this request.' }),
      first: t.arg.int({ description: `At most this many (1 to ${PEC_PAGE_MAX}; 50 by default).` }),
    },
    errors: { types: [...GATE_ERRORS] },
    resolve: async (_root, args, ctx) =>
      listPecRequests(ctx.prisma, authorize(ctx, 'pecRequests'), {
        caseId: args.caseId == null ? null : String(args.caseId),
        first: args.first,
      }),
  }),
);

builder.mutationField('requestPec', (t) =>
  t.field({
    type: PecRequestRef,
    description:
      'A provider’s agent asks for a PEC: the member’s card number, the act (nomenclature code) and the planned date. ' +
      'The pre-checks (rights that day, the act in the IPM’s care package with a PEC required, the provider ' +
      'conventioned, the tariff in force) refuse in French what does not pass, writing nothing; otherwise the PEC is ' +
      'granted at once under the ceiling of the settings, or goes to the IPM.',
    args: {
      cardNumber: t.arg.string({ required: true }),
      actCode: t.arg.string({ required: true }),
      plannedDate: t.arg.string({ required: true, description: 'AAAA-MM-JJ.' }),
      requestId: t.arg.string({ description: 'The same id twice opens one request.' }),
    },
    errors: { types: CASE_ACTION_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'requestPec');
      const caseId = await requestPec(ctx.services.cases, viewer, {
        cardNumber: args.cardNumber,
        actCode: args.actCode,
        plannedDate: args.plannedDate,
        requestId: args.requestId,
      }).catch((error) => toApiError(error, { event: 'dossier.ouvrir' }));
      return one(ctx, viewer, caseId);
    },
  }),
);

builder.mutationField('decidePec', (t) =>
  t.field({
    type: PecRequestRef,
    description:
      'The agent or gérant of the member’s IPM decides: `accorder` (reason: observations, optional), `refuser` ' +
      '(reason required), or, when the care package asks for the medical adviser’s opinion, `avis_favorable` / ' +
      '`avis_defavorable` (an agent; reason: observations).',
    args: {
      caseId: t.arg.id({ required: true }),
      decision: t.arg.string({ required: true }),
      reason: t.arg.string(),
      expectedRevision: t.arg.int(),
      requestId: t.arg.string(),
    },
    errors: { types: CASE_ACTION_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'decidePec');
      const caseId = await decidePec(ctx.services.cases, viewer, {
        caseId: String(args.caseId),
        decision: args.decision,
        reason: args.reason,
        expectedRevision: args.expectedRevision,
        requestId: args.requestId,
      }).catch((error) => toApiError(error, { event: args.decision }));
      return one(ctx, viewer, caseId);
    },
  }),
);

builder.mutationField('cancelPec', (t) =>
  t.field({
    type: PecRequestRef,
    description: 'The provider’s agent, or the IPM’s people, cancel a PEC not yet consumed, with a reason.',
    args: {
      caseId: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true }),
      expectedRevision: t.arg.int(),
      requestId: t.arg.string(),
    },
    errors: { types: CASE_ACTION_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'cancelPec');
      const caseId = await cancelPec(ctx.services.cases, viewer, {
        caseId: String(args.caseId),
        reason: args.reason,
        expectedRevision: args.expectedRevision,
        requestId: args.requestId,
      }).catch((error) => toApiError(error, { event: 'pec.annuler' }));
      return one(ctx, viewer, caseId);
    },
  }),
);
