// The quote-parts' part of the API: what a participant owes its IPM, and what its IPM owes it.
import './reimbursements.ts';
import './member.ts';
