import { defineDomain } from '../domain.ts';
import type { Role } from '../roles.ts';

const EVERYONE: Role[] = [
  'agent_ministere',
  'directeur_ministere',
  'analyste_icamo',
  'pilotage_icamo',
  'gerant_ipm',
  'agent_ipm',
  'agent_ps',
  'employeur',
  'administrateur',
];

// The national referentials (acts, medicines, tariffs, administrative division...), each owned by an
// authority, versioned, approved and brought into force on a date; every computation reads them as of
// its business date. Its services are `services/referentials/`, its tables `Referential*` in
// prisma/schema.prisma. The catalogue of referentials is `catalogue.ts`.

export const referentials = defineDomain({
  id: 'referentials',
  title: 'Référentiels nationaux',
  definitions: [],
  // Reference data is read by everyone who works with it: IPMs and providers compute with it, ICAMO
  // follows the referentials it does not own, the owners publish theirs.
  operations: {
    referentials: { roles: EVERYONE, label: 'consulter les référentiels nationaux' },
    referentialVersion: { roles: EVERYONE, label: 'consulter une version de référentiel et son rapport' },
    referentialAsOf: { roles: EVERYONE, label: 'lire un référentiel à une date' },
    referentialDiff: { roles: EVERYONE, label: 'comparer deux versions d’un référentiel' },
    referentialExport: { roles: EVERYONE, label: 'exporter une version de référentiel en CSV' },
    referentialTemplate: { roles: EVERYONE, label: 'télécharger le modèle d’un référentiel' },
  },
  // GET /referentiels/export/<version>.csv and /referentiels/modele/<referential>.csv.
  httpOperations: ['referentialExport', 'referentialTemplate'],
  menu: [{ href: '/referentiels', label: 'Référentiels', operation: 'referentials', position: 30 }],
});
