import type { Case } from '../../generated/prisma/client.ts';
import type { AvailableEvent } from '../../processes/engine.ts';
import type { Role } from '../../processes/roles.ts';
import { canSeeCase, caseVisibilityWhere } from '../../services/case-access.ts';
import { engineFor } from '../../services/definition-engines.ts';
import { OPERATIONS } from '../../services/permissions.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { planned } from '../planned-query.ts';
import { RoleEnum } from './enums.ts';
import { OrganisationRef } from './organisation.ts';
import { UserRef, visiblePerson } from './user.ts';

type ActionableEvent = AvailableEvent & { role: Role };

const AvailableEventRef = builder.objectRef<ActionableEvent>('AvailableEvent').implement({
  description: 'An event you may send now, the role you would send it under, and its input form.',
  fields: (t) => ({
    id: t.exposeString('id'),
    label: t.exposeString('label'),
    role: t.field({ type: RoleEnum, resolve: (event) => event.role }),
    input: t.field({
      type: 'JSON',
      description: 'The fields of the form (processes/fields.ts), by name.',
      resolve: (event) => event.input,
    }),
  }),
});

export const CaseRef = builder.prismaObject('Case', {
  description: 'A case (dossier), as the PostgreSQL projection shows it: current after every mutation that returns.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'process/organisation/businessKey: also its Temporal workflow id.' }),
    processId: t.exposeString('processId'),
    version: t.exposeInt('processVersion', { description: 'The definition version the case runs on.' }),
    process: t.relation('definition', { description: 'That definition version.' }),
    businessKey: t.exposeString('businessKey'),
    organisation: t.field({
      type: OrganisationRef,
      nullable: true,
      resolve: (kase, _args, ctx) => (kase.organisationId ? ctx.organisations(kase.organisationId) : null),
    }),
    state: t.exposeString('state'),
    stateLabel: t.string({
      resolve: async (kase, _args, ctx) =>
        (await engineFor(ctx.prisma, kase.processId, kase.processVersion))?.stateLabel(kase.state) ?? kase.state,
    }),
    terminal: t.exposeBoolean('terminal'),
    context: t.field({
      type: 'JSON',
      description: 'The case data: the forms’ input so far.',
      resolve: (k) => k.context,
    }),
    revision: t.exposeInt('revision', { description: 'Transitions so far; pass it as expectedRevision.' }),
    enteredAt: t.expose('enteredAt', { type: 'DateTime', description: 'When the case entered its state.' }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true, description: 'When the current step is due.' }),
    overdue: t.boolean({ resolve: (kase) => isOverdue(kase) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    startedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who opened it, if you may see that person.',
      resolve: (kase, _args, ctx) => visiblePerson(ctx, kase.startedBy),
    }),
    assignee: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who it is assigned to, if anyone (and if you may see that person).',
      resolve: (kase, _args, ctx) => visiblePerson(ctx, kase.assigneeId),
    }),
    parent: t.prismaField({
      type: 'Case',
      nullable: true,
      description: 'The case that opened this one (a licence’s application, a renewal’s licence), if you may see it.',
      resolve: async (query, kase, _args, ctx) => {
        if (!kase.parentId || !ctx.viewer) return null;
        const parent = await ctx.prisma.case.findUnique({ ...planned(query), where: { id: kase.parentId } });
        return parent && canSeeCase(ctx.viewer, parent) ? parent : null;
      },
    }),
    children: t.prismaField({
      type: ['Case'],
      description: 'The cases this one opened (its licence, its renewals), oldest first.',
      resolve: (query, kase, _args, ctx) =>
        ctx.viewer
          ? ctx.prisma.case.findMany({
              ...planned(query),
              where: { parentId: kase.id, ...caseVisibilityWhere(ctx.viewer) },
              orderBy: { createdAt: 'asc' },
            })
          : Promise.resolve([]),
    }),
    availableEvents: t.field({
      type: [AvailableEventRef],
      description: 'The events you may send now, with their forms. Guards are checked when sending.',
      resolve: (kase, _args, ctx) => availableEvents(ctx, kase),
    }),
    history: t.relation('audit', {
      description: 'Every transition, oldest first.',
      query: { orderBy: { revision: 'asc' } },
    }),
    documents: t.relation('documents', {
      description: 'Attached files, oldest first.',
      query: { orderBy: { createdAt: 'asc' } },
    }),
    notifications: t.relation('notifications', {
      description: 'The messages the case caused, oldest first: part of its history.',
      query: { orderBy: { id: 'asc' } },
    }),
  }),
});

export const isOverdue = (kase: Pick<Case, 'terminal' | 'dueAt'>, now = new Date()): boolean =>
  !kase.terminal && kase.dueAt !== null && kase.dueAt < now;

/** The events each of the viewer's acting roles may send in the case's state, each once. */
async function availableEvents(ctx: ApiContext, kase: Case): Promise<ActionableEvent[]> {
  if (kase.terminal || !ctx.viewer) return [];
  const engine = await engineFor(ctx.prisma, kase.processId, kase.processVersion);
  if (!engine) return [];
  const seen = new Set<string>();
  const events: ActionableEvent[] = [];
  for (const role of ctx.viewer.roles) {
    if (!(OPERATIONS.sendEvent as readonly Role[]).includes(role)) continue;
    for (const event of engine.availableEvents(kase.state, role)) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      events.push({ ...event, role });
    }
  }
  return events;
}
