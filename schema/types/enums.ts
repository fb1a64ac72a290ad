import { OrganisationKind } from '../../generated/prisma/enums.ts';
// The domains first: the roles they add (the member's `assure`) join ROLES when they register.
import '../../processes/domains.ts';
import { ROLES, type Role } from '../../processes/roles.ts';
import { builder } from '../builder.ts';

/** The roles of processes/roles.ts, with their French labels as descriptions. */
export const RoleEnum = builder.enumType('Role', {
  description: 'A role a person holds (processes/roles.ts). `systeme` is the engine itself: timers only.',
  values: Object.fromEntries(
    (Object.entries(ROLES) as [Role, string][]).map(([role, label]) => [role, { value: role, description: label }]),
  ) as Record<Role, { value: Role; description: string }>,
});

export const OrganisationKindEnum = builder.enumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'Ministry, ICAMO, IPM, care provider (PS) or employer.',
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  values: { ASC: { value: 'asc' as const }, DESC: { value: 'desc' as const } },
});
