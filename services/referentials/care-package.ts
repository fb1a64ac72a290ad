import type { PrismaClient } from '../../prisma/client.ts';
import { asOf } from './as-of.ts';

// An IPM's care package read as of the day of care: what the rights check and the prior authorisation
// (PEC) ask of it for an act — how much it covers, up to what yearly ceiling, whether a PEC or the
// medical adviser's opinion is needed — with the version it was read from, which they record.

export const CARE_PACKAGE = 'ipm-panier-de-soins';

export interface CarePackageEntry {
  actCode: string;
  /** False when the act is not in the IPM's package that day (the IPM does not cover it). */
  covered: boolean;
  /** Coverage rate in percent. */
  rate: number | null;
  /** Yearly ceiling in FCFA; null when none. */
  annualCeiling: number | null;
  pecRequired: boolean | null;
  medicalAdviserOpinionRequired: boolean | null;
  versionId: string | null;
  versionNumber: number | null;
}

export async function carePackageAt(
  db: PrismaClient,
  ipmOrganisationId: string,
  actCodes: readonly string[],
  date: string,
): Promise<CarePackageEntry[]> {
  const answers = await asOf(db, CARE_PACKAGE, actCodes, date, ipmOrganisationId);
  return answers.map(({ code, fields, version }) =>
    fields && version
      ? {
          actCode: code,
          covered: true,
          rate: Number(fields.taux),
          annualCeiling: typeof fields.plafond_annuel === 'number' ? fields.plafond_annuel : null,
          pecRequired: fields.entente_prealable === true,
          medicalAdviserOpinionRequired: fields.avis_medecin_conseil === true,
          versionId: version.id,
          versionNumber: version.number,
        }
      : {
          actCode: code,
          covered: false,
          rate: null,
          annualCeiling: null,
          pecRequired: null,
          medicalAdviserOpinionRequired: null,
          versionId: null,
          versionNumber: null,
        },
  );
}
