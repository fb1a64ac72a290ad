import { resolveOffsetConnection } from '@pothos/plugin-relay';
import type { Prisma } from '../../generated/prisma/client.ts';
import { organisationVisibilityWhere, personVisibilityWhere } from '../../services/people/person-access.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';
import { planned } from '../planned-query.ts';
import { RoleEnum } from '../types/enums.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { OrganisationRef } from '../types/organisation.ts';
import { UserRef } from '../types/user.ts';

// Organisations and people, each narrowed by the organisation rule: outside the national roles, one
// sees one's own organisation and its people only. A filter narrows; it never widens.

builder.queryField('organisations', (t) =>
  t.prismaField({
    type: [OrganisationRef],
    description: 'The organisations you may see: all for national roles, your own otherwise.',
    errors: { types: GATE_ERRORS },
    resolve: (query, _root, _args, ctx) => {
      const viewer = authorize(ctx, 'organisations');
      return ctx.prisma.organisation.findMany({
        ...planned(query),
        where: organisationVisibilityWhere(viewer),
        orderBy: [{ kind: 'asc' }, { name: 'asc' }],
      });
    },
  }),
);

builder.queryField('organisation', (t) =>
  t.prismaField({
    type: OrganisationRef,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (query, _root, args, ctx) => {
      const viewer = authorize(ctx, 'organisation');
      const found = await ctx.prisma.organisation.findFirst({
        ...planned(query),
        where: { AND: [{ id: String(args.id) }, organisationVisibilityWhere(viewer)] },
      });
      if (!found) throw new NotFoundError(`L’organisation « ${args.id} » est introuvable.`);
      return found;
    },
  }),
);

const UserConnection = builder.connectionObject({ type: UserRef, name: 'UserConnection' }, { name: 'UserEdge' });

builder.queryField('users', (t) =>
  t.field({
    type: UserConnection,
    description: 'People you may see, by name: to find whom to assign a case to, for instance.',
    args: {
      ...t.arg.connectionArgs(),
      organisationId: t.arg.id(),
      role: t.arg({ type: RoleEnum }),
      text: t.arg.string({ description: 'Part of the name or the e-mail address.' }),
    },
    errors: { types: GATE_ERRORS },
    resolve: (_root, args, ctx) => {
      const viewer = authorize(ctx, 'users');
      const where: Prisma.UserWhereInput[] = [personVisibilityWhere(viewer), { active: true }];
      if (args.organisationId) where.push({ organisationId: String(args.organisationId) });
      if (args.role) where.push({ roles: { has: args.role } });
      const text = args.text?.trim();
      if (text) {
        where.push({
          OR: [
            { displayName: { contains: text, mode: 'insensitive' } },
            { email: { contains: text, mode: 'insensitive' } },
          ],
        });
      }
      return resolveOffsetConnection({ args }, ({ limit, offset }) =>
        ctx.prisma.user.findMany({
          where: { AND: where },
          orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
          skip: offset,
          take: limit,
        }),
      );
    },
  }),
);

builder.queryField('user', (t) =>
  t.prismaField({
    type: UserRef,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [...GATE_ERRORS, NotFoundError], directResult: true },
    resolve: async (query, _root, args, ctx) => {
      const viewer = authorize(ctx, 'user');
      const found = await ctx.prisma.user.findFirst({
        ...planned(query),
        where: { AND: [{ id: String(args.id) }, personVisibilityWhere(viewer)] },
      });
      if (!found) throw new NotFoundError(`La personne « ${args.id} » est introuvable.`);
      return found;
    },
  }),
);
