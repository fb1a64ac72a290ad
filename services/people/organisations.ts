import type { OrganisationKind } from '../../generated/prisma/client.ts';

export interface OrganisationSeed {
  id: string;
  kind: OrganisationKind;
  name: string;
}

/** The labour ministry (MTDSOPRI) and its DPS, which licenses IPMs: the administrator created from configuration belongs to it. */
export const MINISTRY: OrganisationSeed = {
  id: 'ministere-travail',
  kind: 'MINISTERE',
  name: 'Ministère du Travail, du Dialogue social et des Relations avec les Institutions',
};
