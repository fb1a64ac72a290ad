import { defineDomain } from '../domain.ts';
import type { Role } from '../roles.ts';
import referentielV1 from './referentiel/v1.ts';
import referentielV2 from './referentiel/v2.ts';
import { REFERENTIAL_CALCULATIONS, REFERENTIAL_EFFECTS, REFERENTIAL_GUARDS } from './rules.ts';

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

// With the agents and managers of the national owners, those of each IPM and provider for the
// referentials they keep for themselves (a provider has no manager role yet: its agent approves).
export const OWNER_AGENTS: readonly Role[] = ['agent_ministere', 'analyste_icamo', 'agent_ipm', 'agent_ps'];
const OWNER_MANAGERS: Role[] = ['directeur_ministere', 'pilotage_icamo', 'gerant_ipm', 'agent_ps'];

// The national referentials (acts, medicines, tariffs, administrative division...), each owned by an
// authority, versioned, approved and brought into force on a date; every computation reads them as of
// its business date. Some are kept by each IPM or provider for itself (own-catalogue.ts), one series
// of versions per organisation, read by it, ICAMO and the ministry only. Its services are `services/referentials/`, its tables `Referential*` in
// prisma/schema.prisma. The catalogue of referentials is `catalogue.ts`.

export const referentials = defineDomain({
  id: 'referentials',
  title: 'Référentiels nationaux',
  definitions: [referentielV1, referentielV2],
  guards: REFERENTIAL_GUARDS,
  calculations: REFERENTIAL_CALCULATIONS,
  effects: REFERENTIAL_EFFECTS,
  notificationKinds: { referentiel_en_vigueur: 'Une nouvelle version d’un référentiel national est en vigueur' },
  // Reference data is read by everyone who works with it: IPMs and providers compute with it, ICAMO
  // follows the referentials it does not own, the owners publish theirs.
  operations: {
    referentials: { roles: EVERYONE, label: 'consulter les référentiels nationaux' },
    referentialVersion: { roles: EVERYONE, label: 'consulter une version de référentiel et son rapport' },
    referentialRows: { roles: EVERYONE, label: 'consulter les lignes d’une version de référentiel' },
    // Organisation rule in services/referentials/series.ts: an IPM's own referentials are its, ICAMO's and the ministry's.
    referentialVersions: { roles: EVERYONE, label: 'consulter les versions d’un référentiel' },
    referentialAsOf: { roles: EVERYONE, label: 'lire un référentiel à une date' },
    referentialDiff: { roles: EVERYONE, label: 'comparer deux versions d’un référentiel' },
    referentialExport: { roles: EVERYONE, label: 'exporter une version de référentiel en CSV' },
    referentialTemplate: { roles: EVERYONE, label: 'télécharger le modèle d’un référentiel' },
    // Checked again against the referential's owner by services/referentials/version-case.ts.
    importReferentialVersion: { roles: OWNER_AGENTS, label: 'importer une version de référentiel' },
    decideReferentialVersion: {
      roles: OWNER_MANAGERS,
      label: 'approuver, rejeter, reporter ou annuler une version de référentiel',
    },
  },
  // GET /referentiels/export/<version>.csv and /referentiels/modele/<referential>.csv.
  httpOperations: ['referentialExport', 'referentialTemplate'],
  menu: [{ href: '/referentiels', label: 'Référentiels', operation: 'referentials', position: 30 }],
});
