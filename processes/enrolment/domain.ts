import { defineDomain } from '../domain.ts';
import adhesionV1 from './adhesion/v1.ts';
import doublonV1 from './doublon/v1.ts';
import { DOUBLON_EFFECTS } from './doublon-rules.ts';
import { ENROLMENT_EFFECTS } from './effects.ts';
import { ENROLMENT_RECORDS } from './records.ts';

declare module '../roles.ts' {
  interface DomainRoles {
    assure: true;
  }
}

// Enrolment (adhésion): employers adhering to an IPM, their participants identified by NIN and their
// dependants, and the dated facts rights follow — affiliation periods and suspensions — in tables of
// their own (prisma/schema.prisma, « Enrolment »). Its services are `services/enrolment/`: the rule of
// rights at a date (`rightsOn`, ./rights.ts, the one copy), and the import of a workforce file. The
// adhesion case, contribution calls and reminders come on top of it (issue #14).

export const enrolment = defineDomain({
  id: 'enrolment',
  title: 'Adhésion : entreprises, participants et ayants droit',
  // The member (`assure`), bound to one participant by its MemberAccount: a domain's role gets only
  // its own session (services/permissions.ts, SELF_OPERATIONS) and the rows below naming it — never
  // the organisation's users, cases or workers, which the platform opens to its own roles only.
  roles: { assure: 'Assuré' },
  definitions: [adhesionV1, doublonV1],
  effects: { ...ENROLMENT_EFFECTS, ...DOUBLON_EFFECTS },
  records: ENROLMENT_RECORDS,
  // Rights are read by the IPM holding the beneficiary (the organisation rule of the resolver).
  operations: {
    rightsAt: { roles: ['gerant_ipm', 'agent_ipm'], label: 'consulter les droits d’un bénéficiaire à une date' },
    // Adhesion and enrolment one by one (services/enrolment/adhesion.ts, declare-*.ts): the employer for
    // itself (its organisation), the IPM for the employers adhering to it; the resolvers check which.
    requestAdhesion: { roles: ['employeur'], label: 'demander l’adhésion de son entreprise à une IPM' },
    adhesionIpms: { roles: ['employeur'], label: 'consulter les IPM auxquelles adhérer' },
    decideAdhesion: {
      roles: ['agent_ipm', 'gerant_ipm'],
      label: 'examiner, approuver, modifier ou résilier l’adhésion d’un employeur',
    },
    adhesions: {
      roles: ['employeur', 'agent_ipm', 'gerant_ipm'],
      label: 'consulter les adhésions d’employeurs',
    },
    employerWorkers: {
      roles: ['employeur', 'agent_ipm', 'gerant_ipm'],
      label: 'consulter les salariés d’un employeur et leurs ayants droit',
    },
    declareHire: { roles: ['employeur', 'agent_ipm'], label: 'déclarer l’embauche d’un salarié' },
    declareDeparture: { roles: ['employeur', 'agent_ipm'], label: 'déclarer le départ ou le décès d’un salarié' },
    addDependant: { roles: ['gerant_ipm', 'agent_ipm'], label: 'déclarer un ayant droit' },
    dataQualityReport: { roles: ['gerant_ipm', 'agent_ipm'], label: 'consulter le rapport de qualité du registre' },
    // Plain HTTP routes (schema/enrolment/http-routes.ts): the card, for the IPM holding the beneficiary
    // and the employer of its own workers, the member for itself and its dependants (the service's
    // rule); the workforce file's template, for those who import a workforce.
    memberCard: {
      roles: ['employeur', 'agent_ipm', 'gerant_ipm', 'assure'],
      label: 'télécharger la carte d’assuré d’un bénéficiaire',
    },
    workforceTemplate: {
      roles: ['employeur', 'agent_ipm', 'gerant_ipm'],
      label: 'télécharger le modèle du fichier des effectifs',
    },
    // The IPM's register (services/enrolment/register-search.ts, participant-file.ts, ipm-duplicates.ts):
    // its own participants and the duplicates it is party to, first or second IPM.
    registerSearch: { roles: ['gerant_ipm', 'agent_ipm'], label: 'chercher dans le registre des participants' },
    registerParticipant: { roles: ['gerant_ipm', 'agent_ipm'], label: 'consulter la fiche d’un participant' },
    ipmDuplicates: { roles: ['gerant_ipm', 'agent_ipm'], label: 'suivre les doublons entre IPM' },
    // Like a hire: the employer for itself, the IPM's agent for an employer adhering to it.
    importWorkforce: { roles: ['employeur', 'agent_ipm'], label: 'importer le fichier du personnel d’un employeur' },
    // The member's own space (services/enrolment/member-*.ts): the IPM holding the participant invites
    // them; the member reads its own rights and its dependants', never another beneficiary's.
    inviteMember: { roles: ['agent_ipm', 'gerant_ipm'], label: 'inviter un assuré dans son espace' },
    myCoverage: { roles: ['assure'], label: 'consulter ses droits' },
    myDependants: { roles: ['assure'], label: 'consulter ses ayants droit et leurs droits' },
  },
  httpOperations: ['memberCard', 'workforceTemplate'],
  menu: [
    { href: '/entreprise', label: 'Mon entreprise', operation: 'requestAdhesion', position: 40 },
    { href: '/ipm/registre', label: 'Registre des participants', operation: 'registerSearch', position: 41 },
    { href: '/ipm/import', label: 'Import du personnel', operation: 'importWorkforce', position: 42 },
    { href: '/ipm/doublons', label: 'Doublons', operation: 'ipmDuplicates', position: 43 },
    { href: '/mon-espace', label: 'Mon espace', operation: 'myCoverage', position: 44 },
  ],
});
