import { defineDomain } from '../domain.ts';

// Quote-parts: what a participant owes its IPM (the member's share of care the IPM paid in full to a
// provider, an advance, another amount) followed as the employers' contributions are — debts, payments
// allocated oldest debt first, credit, a reminder ladder that ends in suspending the participant's
// rights — and what the IPM owes a participant (reimbursements due). Tables: the « Quote-parts » block
// of prisma/schema.prisma. Services `services/quote-parts/`, API `schema/quote-parts/`. Temporal sees
// the participant's id and amounts only: never a name, a NIN or what the care was.

export const quoteParts = defineDomain({
  id: 'quote-parts',
  title: 'Quote-parts et remboursements des assurés',
  definitions: [],
  operations: {},
});
