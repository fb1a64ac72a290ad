import { personVisibilityWhere } from '../../services/people/person-access.ts';
import { builder } from '../builder.ts';
import { OrganisationKindEnum } from './enums.ts';

export const OrganisationRef = builder.prismaObject('Organisation', {
  description: 'The ministry, ICAMO, an IPM, a care provider or an employer.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: OrganisationKindEnum }),
    name: t.exposeString('name'),
    users: t.relation('users', {
      description: 'Its people, as far as you may see them (your own organisation, or all for national roles).',
      query: (_args, ctx) => ({
        where: { AND: [ctx.viewer ? personVisibilityWhere(ctx.viewer) : { id: { in: [] } }, { active: true }] },
        orderBy: { displayName: 'asc' },
      }),
    }),
  }),
});
