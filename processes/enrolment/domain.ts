import { defineDomain } from '../domain.ts';
import doublonV1 from './doublon/v1.ts';
import { DOUBLON_EFFECTS } from './doublon-rules.ts';

// Enrolment (adhésion): employers adhering to an IPM, their participants identified by NIN and their
// dependants, and the dated facts rights follow — affiliation periods and suspensions — in tables of
// their own (prisma/schema.prisma, « Enrolment »). Its services are `services/enrolment/`: the rule of
// rights at a date (`rightsOn`, ./rights.ts, the one copy), and the import of a workforce file. The
// adhesion case, contribution calls and reminders come on top of it (issue #14).

export const enrolment = defineDomain({
  id: 'enrolment',
  title: 'Adhésion : entreprises, participants et ayants droit',
  // No `assure` role yet: the platform's operations open to EVERYONE (services/permissions.ts) would
  // give a member the organisation's users, cases and case openings along with it.
  definitions: [doublonV1],
  effects: DOUBLON_EFFECTS,
  // Rights are read by the IPM holding the beneficiary (the organisation rule of the resolver).
  operations: {
    rightsAt: { roles: ['gerant_ipm', 'agent_ipm'], label: 'consulter les droits d’un bénéficiaire à une date' },
    addDependant: { roles: ['gerant_ipm', 'agent_ipm'], label: 'déclarer un ayant droit' },
    dataQualityReport: { roles: ['gerant_ipm', 'agent_ipm'], label: 'consulter le rapport de qualité du registre' },
  },
});
