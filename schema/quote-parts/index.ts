// The quote-parts' part of the API: what a participant owes its IPM — debts, payments and their ladder
// (debts.ts) — and what its IPM owes it (reimbursements.ts), both ways for the member (member.ts).
import './debts.ts';
import './reimbursements.ts';
import './member.ts';
