import type { SqlClient } from '../enrolment/sql.ts';

// Who a card number or a NIN names: exact matches only, through the unique card numbers and the NIN's
// blind index (never a NIN in clear). A NIN names participants only (dependants have none), one per IPM
// whose register holds them (a transfer leaves one in each). The rights check's hot path reads a card
// number's holder with the rule's facts in one statement instead (factsByCardNumber, in
// services/enrolment/rights-at.ts); a PEC request names its holder here.

export interface Candidate {
  beneficiaryId: string;
  /** The participant of the family: a dependant's, or themself. */
  participantId: string;
  /** The IPM whose register holds them. */
  registerIpmId: string;
}

export async function byCardNumber(db: SqlClient, cardNumber: string): Promise<Candidate[]> {
  const { rows } = await db.query<Candidate>(
    `SELECT p."id" AS "beneficiaryId", p."id" AS "participantId", p."ipmId" AS "registerIpmId"
       FROM "Participant" p WHERE p."cardNumber" = $1
     UNION ALL
     SELECT d."id", d."participantId", p."ipmId"
       FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId" WHERE d."cardNumber" = $1`,
    [cardNumber],
  );
  return rows;
}

export async function byNinIndex(db: SqlClient, ninIndex: string): Promise<Candidate[]> {
  const { rows } = await db.query<Candidate>(
    `SELECT "id" AS "beneficiaryId", "id" AS "participantId", "ipmId" AS "registerIpmId"
       FROM "Participant" WHERE "ninIndex" = $1`,
    [ninIndex],
  );
  return rows;
}
