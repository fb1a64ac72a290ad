// Adhesion through the API: the employer asks (opening its case), the IPM's people read the
// adhesions to their IPM and decide them. The employer then follows its case like any of its own.

import { latestDefinition } from '../../processes/registry.ts';
import {
  ADHESION_PROCESS,
  type AdhesionView,
  adhesionIpms,
  decideAdhesion,
  listAdhesions,
  requestAdhesion,
} from '../../services/enrolment/adhesion.ts';
import type { Viewer } from '../../services/viewer.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { NotFoundError, toApiError } from '../errors.ts';
import { CASE_ACTION_ERRORS, GATE_ERRORS } from '../types/errors.ts';

export const AdhesionRef = builder.objectRef<AdhesionView>('Adhesion').implement({
  description: 'An employer’s adhesion to an IPM: its case (process `adhesion`) and its employer row once submitted.',
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    state: t.exposeString('state'),
    stateLabel: t.exposeString('stateLabel'),
    revision: t.exposeInt('revision', { description: 'Send it back as `expectedRevision`.' }),
    terminal: t.exposeBoolean('terminal'),
    openedAt: t.string({ resolve: (a) => a.openedAt.toISOString() }),
    employerName: t.exposeString('employerName'),
    cssIpres: t.exposeString('cssIpres'),
    ipmId: t.exposeString('ipmId'),
    ipmName: t.exposeString('ipmName', { nullable: true }),
    employerId: t.exposeID('employerId', {
      nullable: true,
      description: 'The employer’s row, once the request is submitted: its workers are declared against it.',
    }),
    status: t.exposeString('status', { nullable: true }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    contractStart: t.exposeString('contractStart', { nullable: true }),
    terminatedOn: t.exposeString('terminatedOn', { nullable: true }),
    actions: t.stringList({
      description: 'Events of the adhesion the viewer may send now (the IPM’s through decideAdhesion).',
      resolve: (a, _args, ctx) => availableEvents(a, ctx),
    }),
  }),
});

function availableEvents(a: AdhesionView, ctx: ApiContext): string[] {
  const mine = (ctx.viewer as Viewer).roles;
  const definition = latestDefinition(ADHESION_PROCESS);
  const state = definition?.states[a.state];
  if (!definition || !state?.on) return [];
  return Object.keys(state.on).filter((event) =>
    (definition.events[event]?.roles ?? []).some((role) => mine.includes(role)),
  );
}

const one = async (ctx: ApiContext, viewer: Viewer, caseId: string) => {
  const [adhesion] = await listAdhesions(ctx.prisma, viewer, caseId);
  if (!adhesion) throw new NotFoundError('Cette demande d’adhésion est introuvable.');
  return adhesion;
};

builder.queryField('adhesions', (t) =>
  t.field({
    type: [AdhesionRef],
    description:
      'The adhesions you follow, newest first: an employer’s own; for an IPM’s agent or gérant, those submitted to their IPM.',
    errors: { types: [...GATE_ERRORS] },
    resolve: async (_root, _args, ctx) => listAdhesions(ctx.prisma, authorize(ctx, 'adhesions')),
  }),
);

builder.mutationField('requestAdhesion', (t) =>
  t.field({
    type: AdhesionRef,
    description:
      'An employer opens its adhesion to an IPM (the `adhesion` process’s opening form), as a draft: it then ' +
      'attaches its documents and submits through the case’s events. An IPM d’entreprise that already has its ' +
      'employer refuses a second.',
    args: {
      input: t.arg({ type: 'JSON', required: true, description: 'The opening form (ProcessVersion.startInput).' }),
      requestId: t.arg.string({ description: 'The same id twice opens one case.' }),
    },
    errors: { types: CASE_ACTION_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'requestAdhesion');
      const opened = await requestAdhesion(ctx.services.cases, viewer, {
        input: args.input,
        requestId: args.requestId,
      }).catch((error) => toApiError(error, { event: 'dossier.ouvrir' }));
      return one(ctx, viewer, opened.case.caseId);
    },
  }),
);

builder.mutationField('decideAdhesion', (t) =>
  t.field({
    type: AdhesionRef,
    description:
      'The IPM’s agent or gérant acts on an adhesion to their IPM: examen.completer, examen.demanderComplements ' +
      '(complementsDemandes), examen.refuser (motifRefus), contrat.approuver (dateDebutContrat), contrat.refuser, ' +
      'adhesion.modifier, resiliation.demander (motifResiliation), resiliation.retirer.',
    args: {
      caseId: t.arg.id({ required: true }),
      event: t.arg.string({ required: true }),
      input: t.arg({ type: 'JSON' }),
      expectedRevision: t.arg.int(),
      requestId: t.arg.string(),
    },
    errors: { types: CASE_ACTION_ERRORS, directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'decideAdhesion');
      const caseId = await decideAdhesion(ctx.services.cases, viewer, {
        caseId: String(args.caseId),
        event: args.event,
        input: args.input,
        expectedRevision: args.expectedRevision,
        requestId: args.requestId,
      }).catch((error) => toApiError(error, { event: args.event }));
      return one(ctx, viewer, caseId);
    },
  }),
);

const AdhesionIpmRef = builder.objectRef<{ id: string; name: string; type: string | null }>('AdhesionIpm').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    type: t.exposeString('type', { nullable: true, description: 'entreprise or interentreprises, from its licence.' }),
  }),
});

builder.queryField('adhesionIpms', (t) =>
  t.field({
    type: [AdhesionIpmRef],
    description: 'The IPMs an employer may ask to adhere to (names and types only: what any register shows).',
    errors: { types: [...GATE_ERRORS] },
    resolve: async (_root, _args, ctx) => {
      authorize(ctx, 'adhesionIpms');
      return adhesionIpms(ctx.prisma);
    },
  }),
);
