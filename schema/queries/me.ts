import { ROLES, type Role } from '../../processes/roles.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { planned } from '../planned-query.ts';
import { RoleEnum } from '../types/enums.ts';
import { GATE_ERRORS } from '../types/errors.ts';
import { UserRef } from '../types/user.ts';

builder.queryField('me', (t) =>
  t.prismaField({
    type: UserRef,
    nullable: true,
    description: 'You, when signed in; null otherwise (the portal asks this to know whether to show the sign-in).',
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? ctx.prisma.user.findUnique({ ...planned(query), where: { id: ctx.viewer.userId } }) : null,
  }),
);

const RoleInfo = builder.objectRef<{ id: Role; label: string }>('RoleInfo').implement({
  fields: (t) => ({
    id: t.field({ type: RoleEnum, resolve: (role) => role.id }),
    label: t.exposeString('label'),
  }),
});

builder.queryField('roles', (t) =>
  t.field({
    type: [RoleInfo],
    description: 'Every role and its French label (the same table as the process definitions).',
    errors: { types: GATE_ERRORS },
    resolve: (_root, _args, ctx) => {
      authorize(ctx, 'roles');
      return (Object.entries(ROLES) as [Role, string][]).map(([id, label]) => ({ id, label }));
    },
  }),
);
