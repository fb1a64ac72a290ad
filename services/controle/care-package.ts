import type { PrismaClient } from '../../prisma/client.ts';
import { carePackageAt } from '../referentials/care-package.ts';

// What the IPM's care package (panier de soins, the referential it keeps for itself) says of the acts
// a provider intends, as of the day of care, with the version read, which the log keeps. What remains
// of the yearly ceiling needs the claims already paid: until the claims come, only the ceiling itself.

export interface ActCoverage {
  code: string;
  /** True when the IPM's package in force that day names the act; false: not covered, or no package. */
  known: boolean;
  /** Percent covered by the IPM, null when unknown. */
  rate: number | null;
  /** The yearly ceiling of the package, in FCFA; null when unknown or none. */
  annualCeiling: number | null;
  /** What remains of that ceiling, in FCFA: null until claims are liquidated in Siamo. */
  remainingCeiling: number | null;
  pecRequired: boolean | null;
  /** The referential version the answer read, for the log. */
  versionId: string | null;
}

export async function actsCoverage(
  prisma: PrismaClient,
  ipmId: string,
  acts: readonly string[],
  day: string,
): Promise<ActCoverage[]> {
  if (acts.length === 0) return [];
  const entries = await carePackageAt(prisma, ipmId, acts, day);
  return entries.map((entry) => ({
    code: entry.actCode,
    known: entry.covered,
    rate: entry.rate,
    annualCeiling: entry.annualCeiling,
    remainingCeiling: null,
    pecRequired: entry.pecRequired,
    versionId: entry.versionId,
  }));
}
