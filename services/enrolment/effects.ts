import type { EffectImplementation } from '../domain-services.ts';

// The activities of the enrolment's effects (processes/enrolment/effects.ts).

/**
 * At the end of its notice, the terminated employer's open affiliations end on the day the
 * adhesion ends: its workers (and their dependants) are no longer covered from that day. Idempotent:
 * only affiliations still open are closed, so a retried attempt changes nothing. An affiliation that
 * would begin on or after that day is left for the IPM to correct (an end must follow its start).
 */
export const closeAffiliations: EffectImplementation = async ({ prisma }, effect) => {
  await prisma.$executeRawUnsafe(
    `UPDATE "Affiliation" a SET "validTo" = e."terminatedOn", "endReason" = 'depart'
       FROM "Employer" e
      WHERE e."caseId" = $1 AND e."status" = 'resiliee' AND e."terminatedOn" IS NOT NULL
        AND a."employerId" = e."id" AND a."validTo" IS NULL AND a."validFrom" < e."terminatedOn"`,
    effect.caseId,
  );
};
