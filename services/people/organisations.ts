import type { OrganisationKind } from '../../generated/prisma/client.ts';

export interface OrganisationSeed {
  id: string;
  kind: OrganisationKind;
  name: string;
}

/** The ministry: the administrator created from configuration belongs to it. */
export const MINISTRY: OrganisationSeed = {
  id: 'ministere-sante',
  kind: 'MINISTERE',
  name: 'Ministère de la Santé et de l’Action sociale',
};
