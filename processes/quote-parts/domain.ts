import { defineDomain } from '../domain.ts';
import type { Role } from '../roles.ts';
import relanceQuotePartsV1 from './relance-quote-parts/v1.ts';
import { EMPLOYER_DEDUCTION_MESSAGE, MEMBER_MESSAGES, QUOTE_PARTS_EFFECTS } from './rules.ts';

// Quote-parts: what a participant owes its IPM (the member's share of care the IPM paid in full to a
// provider, an advance, another amount) followed as the employers' contributions are — debts, payments
// allocated oldest debt first, credit, a reminder ladder that ends in suspending the participant's
// rights — and what the IPM owes a participant (reimbursements due). Tables: the « Quote-parts » block
// of prisma/schema.prisma. Services `services/quote-parts/`, API `schema/quote-parts/`. Temporal sees
// the participant's id and amounts only: never a name, a NIN or what the care was.

const IPM: Role[] = ['gerant_ipm', 'agent_ipm'];

export const quoteParts = defineDomain({
  id: 'quote-parts',
  title: 'Quote-parts et remboursements des assurés',
  definitions: [relanceQuotePartsV1],
  effects: QUOTE_PARTS_EFFECTS,
  notificationKinds: { ...MEMBER_MESSAGES, ...EMPLOYER_DEDUCTION_MESSAGE },
  operations: {
    // The debts, their payments and their ladder (services/quote-parts/debts.ts, member-payments.ts…).
    recordMemberDebt: { roles: IPM, label: 'enregistrer une somme due par un assuré' },
    cancelMemberDebt: { roles: ['gerant_ipm'], label: 'annuler une somme due par un assuré, non payée' },
    importMemberDebts: { roles: IPM, label: 'importer un fichier de sommes dues par les assurés' },
    enterMemberPayment: { roles: IPM, label: 'enregistrer un paiement d’un assuré' },
    memberDebts: { roles: IPM, label: 'consulter les sommes dues par un assuré' },
    overdueMemberDebts: { roles: IPM, label: 'consulter les assurés en retard de paiement' },
    memberReminderLadder: { roles: IPM, label: 'consulter l’échelle de relances des assurés' },
    setMemberReminderLadder: { roles: ['gerant_ipm'], label: 'fixer l’échelle de relances des assurés' },
    // Reimbursements due to members (services/quote-parts/reimbursements.ts): the IPM holding the
    // participant records and pays them; the member reads its own in its space.
    memberReimbursements: { roles: IPM, label: 'consulter les remboursements dus à un participant' },
    recordReimbursement: { roles: IPM, label: 'enregistrer un remboursement dû à un assuré' },
    markReimbursementPaid: { roles: IPM, label: 'marquer payé un remboursement dû à un assuré' },
    // Both ways at once (services/quote-parts/member-balance.ts): the IPM for its participant, the
    // member for itself only — its participant comes from its account.
    participantBalance: { roles: IPM, label: 'consulter les sommes dues par et à un participant' },
    myBalance: { roles: ['assure'], label: 'consulter ses quote-parts à payer et ses remboursements' },
  },
  menu: [
    { href: '/ipm/quote-parts', label: 'Sommes dues par les assurés', operation: 'overdueMemberDebts', position: 46 },
    {
      href: '/ipm/remboursements',
      label: 'Remboursements aux assurés',
      operation: 'recordReimbursement',
      position: 47,
    },
  ],
});
