import type { User } from '../../generated/prisma/client.ts';
import { personRoles } from '../../services/auth/viewer-of.ts';
import { canSeePerson } from '../../services/people/person-access.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { RoleEnum } from './enums.ts';

export const UserRef = builder.prismaObject('User', {
  description: 'A person who signs in: one organisation, one or more roles.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    roles: t.field({ type: [RoleEnum], resolve: (user) => personRoles(user.roles) }),
    active: t.exposeBoolean('active'),
    organisation: t.relation('organisation'),
  }),
});

/**
 * A person named by id on a case, a history entry or a document, if the viewer may see them: the
 * people of another organisation stay anonymous (their role still shows where there is one).
 */
export async function visiblePerson(ctx: ApiContext, id: string | null): Promise<User | null> {
  if (!id || !ctx.viewer) return null;
  const person = await ctx.users(id);
  return person && canSeePerson(ctx.viewer, person) ? person : null;
}
