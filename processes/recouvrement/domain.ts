import { defineDomain } from '../domain.ts';
import type { Role } from '../roles.ts';
import campagneV1 from './campagne/v1.ts';
import recouvrementV1 from './recouvrement/v1.ts';
import { EMPLOYER_MESSAGES, RECOUVREMENT_EFFECTS } from './rules.ts';

// Recouvrement: contribution calls per employer and period from the declared payroll, payments
// (entered or imported from a bank statement) allocated oldest call first, credits, and the reminder
// ladder that ends in suspending rights (RightsSuspension rows, which rightsAt honours). It reads the
// enrolment's tables (Employer, Participant, Affiliation). Its services are `services/recouvrement/`,
// its API `schema/recouvrement/`. An employer's portal organisation is the Organisation whose id is
// the Employer's: its `employeur` users read its own calls and receive the ladder's letters.

const IPM: Role[] = ['gerant_ipm', 'agent_ipm'];

export const recouvrement = defineDomain({
  id: 'recouvrement',
  title: 'Recouvrement des cotisations',
  definitions: [campagneV1, recouvrementV1],
  effects: RECOUVREMENT_EFFECTS,
  notificationKinds: {
    ...EMPLOYER_MESSAGES,
    signalement_recouvrement: 'Un employeur en défaut de paiement vous est signalé',
    suspension_recouvrement: 'Droits suspendus pour cotisations impayées',
  },
  documentKinds: { mise_en_demeure: 'Mise en demeure de payer les cotisations' },
  operations: {
    contributionStatement: {
      roles: [...IPM, 'employeur'],
      label: 'consulter l’état des cotisations dues d’un employeur',
    },
    ipmCollection: {
      roles: IPM,
      label: 'consulter le recouvrement des cotisations par employeur',
    },
    issueContributionCalls: { roles: IPM, label: 'émettre les appels de cotisations d’une période' },
    declarePayroll: { roles: [...IPM, 'employeur'], label: 'déclarer la masse salariale d’une période' },
    enterPayment: { roles: IPM, label: 'enregistrer un paiement de cotisations' },
    importBankStatement: { roles: IPM, label: 'importer un relevé bancaire de paiements' },
    reminderLadder: { roles: IPM, label: 'consulter l’échelle de relances de l’IPM' },
    setReminderLadder: { roles: ['gerant_ipm'], label: 'fixer l’échelle de relances de l’IPM' },
  },
  menu: [
    {
      href: '/ipm/recouvrement',
      label: 'Recouvrement des cotisations',
      operation: 'ipmCollection',
      position: 45,
    },
  ],
  board: ['recouvrement'],
});
