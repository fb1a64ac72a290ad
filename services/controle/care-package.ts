// The seam to the IPM's care package (panier de soins): the coverage rate, the remaining ceiling and
// whether an act needs a prior authorisation (PEC). The IPMs' own referentials bring
// `carePackageAt(db, ipmOrganisationId, actCodes, date)`; until it is registered here, every act is
// answered as unknown, said so in French, and the check still answers on rights.

export interface ActCoverage {
  code: string;
  known: boolean;
  /** Percent covered by the IPM, null when unknown. */
  rate: number | null;
  /** What remains of the annual ceiling, in FCFA; null when unknown or none. */
  remainingCeiling: number | null;
  pecRequired: boolean | null;
  /** The referential version the answer read, for the log. */
  versionId: string | null;
}

export type CarePackageSource = (ipmId: string, acts: readonly string[], day: string) => Promise<ActCoverage[]>;

let source: CarePackageSource | null = null;

/** Where the IPMs' care packages are read from, once that referential exists. */
export function registerCarePackageSource(read: CarePackageSource): void {
  source = read;
}

export async function actsCoverage(ipmId: string, acts: readonly string[], day: string): Promise<ActCoverage[]> {
  if (acts.length === 0) return [];
  if (source) return source(ipmId, acts, day);
  return acts.map((code) => ({
    code,
    known: false,
    rate: null,
    remainingCeiling: null,
    pecRequired: null,
    versionId: null,
  }));
}
