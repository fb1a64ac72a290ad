// The quote-parts' part of the API: the members' debts, payments and ladder (debts.ts).
import './debts.ts';
