import { defineDomain } from '../domain.ts';

// Contrôle des droits: a provider (its agent_ps, or its software with a token) asks whether a member is
// covered on a day, by card number or NIN; the answer is read from PostgreSQL with the one rule
// (`rightsAt`, services/enrolment/rights-at.ts) and logged, append-only. The IPM sees its members'
// checks, the provider its own. Prior authorisations (PEC) come later, in this module.

export const controle = defineDomain({
  id: 'controle',
  title: 'Contrôle des droits',
  definitions: [],
  operations: {
    checkRights: { roles: ['agent_ps'], label: 'contrôler les droits d’un assuré' },
    rightsCheckText: { roles: ['agent_ps'], label: 'contrôler les droits d’un assuré (réponse en une ligne)' },
    rightsCheckFhir: { roles: ['agent_ps'], label: 'contrôler les droits d’un assuré (FHIR)' },
    // The organisation rule of the query: the provider its own checks, the IPM its members'.
    rightsChecks: {
      roles: ['agent_ps', 'gerant_ipm', 'agent_ipm'],
      label: 'consulter le journal des contrôles de droits',
    },
    rightsCheckAlerts: {
      roles: ['gerant_ipm', 'agent_ipm', 'analyste_icamo', 'pilotage_icamo'],
      label: 'consulter les alertes des contrôles de droits',
    },
  },
  httpOperations: ['rightsCheckText', 'rightsCheckFhir'],
  menu: [{ href: '/controle', label: 'Contrôle des droits', operation: 'checkRights', position: 60 }],
});
