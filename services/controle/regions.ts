import { readFileSync } from 'node:fs';
import { SHIPPED_DIVISION_PATH } from '../referentials/shipped.ts';

// The régions the distant-checks signal compares. A département's code in the decoupage referential
// extends its région's (SN-DK → SN-DK-PIKINE: the catalogue's `codeFormat`), so the région of a
// provider is read from its département's code without another statement; its name, for the alert's
// words, from the administrative division Siamo ships (the 14 régions do not change).

export function regionOf(departement: unknown): string | null {
  if (typeof departement !== 'string') return null;
  return /^SN-[A-Z]{2}(?=-|$)/.exec(departement)?.[0] ?? null;
}

let names: Map<string, string> | undefined;

/** « Dakar » for SN-DK; the code itself for one the shipped division does not name. */
export function regionName(code: string): string {
  if (!names) {
    names = new Map();
    for (const line of readFileSync(SHIPPED_DIVISION_PATH, 'utf8').split('\n').slice(1)) {
      const [regionCode, region] = line.split(',').map((f) => f.trim());
      if (regionCode && region) names.set(regionCode, region);
    }
  }
  return names.get(code) ?? code;
}
