import { defineDomain } from '../domain.ts';
import pecV1 from './pec/v1.ts';
import pecV2 from './pec/v2.ts';
import { PEC_EFFECTS, PEC_GUARDS, PEC_IPM_NOTIFICATION_KINDS } from './rules.ts';

// Prise en charge (PEC): a provider asks its members' IPM to cover an act at a planned date; the
// pre-checks read PostgreSQL (services/pec), the case carries ids and amounts only. Its case belongs
// to the provider, which follows it, attaches the prescription and downloads its letters; the IPM's
// people read and decide the requests made to their IPM through the PEC's own operations (as the IPM
// does for an employer's adhesion).

export const pec = defineDomain({
  id: 'pec',
  title: 'Prise en charge (PEC)',
  // v1 kept for the cases opened before the IPM was told (v2).
  definitions: [pecV1, pecV2],
  guards: PEC_GUARDS,
  effects: PEC_EFFECTS,
  notificationKinds: PEC_IPM_NOTIFICATION_KINDS,
  operations: {
    requestPec: { roles: ['agent_ps'], label: 'demander une prise en charge pour un assuré' },
    decidePec: {
      roles: ['agent_ipm', 'gerant_ipm'],
      label: 'accorder ou refuser une prise en charge, donner l’avis du médecin-conseil',
    },
    cancelPec: { roles: ['agent_ps', 'agent_ipm', 'gerant_ipm'], label: 'annuler une prise en charge' },
    // The organisation rule of the query: the provider its own requests, the IPM those made to it.
    pecRequests: { roles: ['agent_ps', 'agent_ipm', 'gerant_ipm'], label: 'consulter les demandes de prise en charge' },
    // Its own organisation's only: the provider's code names the IPMs' conventions it reads.
    providerAccounts: {
      roles: ['agent_ps'],
      label: 'consulter son compte avec chaque IPM conventionnée (contrôles, prises en charge, engagements)',
    },
  },
  menu: [
    // The provider's page (its requests and the form to ask): the IPM has its own below.
    { href: '/pec', label: 'Prises en charge', operation: 'requestPec', position: 62 },
    { href: '/pec/comptes', label: 'Mes comptes IPM', operation: 'providerAccounts', position: 64 },
    // The IPM's own pages (those who may decide): the requests made to it, waiting ones first.
    { href: '/ipm/pec', label: 'Prises en charge à décider', operation: 'decidePec', position: 63 },
  ],
});
