import { csvOf, type SampleAct, seeded } from './samples.ts';

// Sample versions, « exemple » in their titles, of the referentials each demo IPM and provider keeps
// for itself: its conventioned providers, its care package, its agreed tariffs, a provider's
// transcoding. Deterministic for an organisation (seeded by its id, so the two demo IPMs differ), and
// naming only codes of the shipped national samples (acts, providers).

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A seed from an organisation's id, so that each IPM's samples are its own and the same every time. */
export const seedOf = (id: string) =>
  [...id].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

/** About a fifth of the national providers, in code order. */
export function conventionedProviders(ipmId: string, providerCodes: readonly string[]): string[] {
  const random = seeded(seedOf(ipmId));
  const chosen = providerCodes.filter(() => random() < 0.2);
  return chosen.length > 0 ? chosen : providerCodes.slice(0, 1);
}

export function conventionedProvidersCsv(ipmId: string, providerCodes: readonly string[]): string {
  return csvOf(
    'code;numero_convention;date_convention;tiers_payant',
    conventionedProviders(ipmId, providerCodes).map((code, i) => [
      code,
      `CONV-${pad(i + 1, 4)}`,
      `2025-${pad((i % 12) + 1, 2)}-01`,
      i % 4 === 3 ? 'non' : 'oui',
    ]),
  );
}

// Per chapter prefix: rate, whether a PEC and the medical adviser are needed, a yearly ceiling.
const CHAPTER_RULES: Record<string, { taux: number; pec: boolean; avis: boolean; plafond: number | null }> = {
  CON: { taux: 80, pec: false, avis: false, plafond: null },
  BIO: { taux: 80, pec: false, avis: false, plafond: 300000 },
  RAD: { taux: 70, pec: true, avis: false, plafond: 500000 },
  CHI: { taux: 80, pec: true, avis: true, plafond: 2000000 },
  DEN: { taux: 60, pec: false, avis: false, plafond: 150000 },
  HOS: { taux: 100, pec: true, avis: true, plafond: 3000000 },
  KIN: { taux: 70, pec: true, avis: false, plafond: 200000 },
  SIN: { taux: 100, pec: false, avis: false, plafond: null },
};

/** Every act of the nomenclature but a few the IPM does not cover; `generous` IPMs add 10 points. */
export function carePackageCsv(ipmId: string, acts: readonly SampleAct[]): string {
  const random = seeded(seedOf(ipmId) + 1);
  const generous = random() < 0.5;
  const rows: (string | number)[][] = [];
  for (const act of acts) {
    if (random() < 0.05) continue;
    const rule = CHAPTER_RULES[act.code.slice(0, 3)] ?? { taux: 80, pec: false, avis: false, plafond: null };
    rows.push([
      act.code,
      Math.min(100, rule.taux + (generous ? 10 : 0)),
      rule.plafond ?? '',
      rule.pec ? 'oui' : 'non',
      rule.avis ? 'oui' : 'non',
    ]);
  }
  return csvOf('code;taux;plafond_annuel;entente_prealable;avis_medecin_conseil', rows);
}

/** For each conventioned provider, the consultations and biology it agreed, near the national tariff. */
export function agreedTariffsCsv(ipmId: string, providerCodes: readonly string[], acts: readonly SampleAct[]): string {
  const random = seeded(seedOf(ipmId) + 2);
  const agreed = acts.filter((a) => a.code.startsWith('CON') || a.code.startsWith('BIO')).slice(0, 12);
  const rows: (string | number)[][] = [];
  for (const provider of conventionedProviders(ipmId, providerCodes)) {
    for (const act of agreed) {
      const national = 1000 * act.coefficient + 2000;
      rows.push([
        `${provider}-${act.code}`,
        provider,
        act.code,
        Math.round((national * (0.9 + random() * 0.2)) / 50) * 50,
      ]);
    }
  }
  return csvOf('code;prestataire;acte;montant', rows);
}

/** A provider's own codes (its software's) for a hundred national acts. */
export function transcodingCsv(providerId: string, acts: readonly SampleAct[]): string {
  const prefix = providerId.replace(/^ps-/, '').slice(0, 3).toUpperCase() || 'LOC';
  return csvOf(
    'code;acte;libelle_local',
    acts.slice(0, 100).map((act, i) => [`${prefix}-${pad(i + 1, 4)}`, act.code, `${act.libelle} (exemple)`]),
  );
}
