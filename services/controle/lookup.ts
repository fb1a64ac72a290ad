import type { SqlClient } from '../enrolment/sql.ts';

// Who a NIN names: an exact match on its blind index (never a NIN in clear). A NIN names participants
// only (dependants have none), one per IPM whose register holds them (a transfer leaves one in each).
// A card number's holder comes with the rule's facts in one statement (factsByCardNumber, in the
// enrolment's services/enrolment/rights-at.ts, beside the rule's other loader).

export interface Candidate {
  beneficiaryId: string;
  /** The participant of the family: a dependant's, or themself. */
  participantId: string;
  /** The IPM whose register holds them. */
  registerIpmId: string;
}

export async function byNinIndex(db: SqlClient, ninIndex: string): Promise<Candidate[]> {
  const { rows } = await db.query<Candidate>(
    `SELECT "id" AS "beneficiaryId", "id" AS "participantId", "ipmId" AS "registerIpmId"
       FROM "Participant" WHERE "ninIndex" = $1`,
    [ninIndex],
  );
  return rows;
}
