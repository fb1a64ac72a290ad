// Made-up Senegalese-sounding people for the demo data, drawn from a seeded generator: the same seed
// gives the same people at every start, so that the demo's workforce files are the same files and
// importing them again changes nothing. No real person is meant; the NINs follow the format the
// enrolment validates (processes/enrolment/identifiers.ts: 13 digits, the first one the sex) and all
// start with a sex digit then « 99 », a range no test identity uses.

export const LAST_NAMES = [
  'Diop',
  'Ndiaye',
  'Fall',
  'Sow',
  'Ba',
  'Gueye',
  'Faye',
  'Sarr',
  'Diallo',
  'Mbaye',
  'Cissé',
  'Ndour',
  'Thiam',
  'Seck',
  'Kane',
  'Diouf',
  'Camara',
  'Niang',
  'Sy',
  'Touré',
  'Mbengue',
  'Wade',
  'Dieng',
  'Sène',
  'Badji',
  'Diatta',
  'Sall',
  'Lô',
  'Samb',
  'Tall',
] as const;

export const MEN_NAMES = [
  'Mamadou',
  'Ousmane',
  'Ibrahima',
  'Cheikh',
  'Moussa',
  'Abdoulaye',
  'Modou',
  'Pape',
  'Aliou',
  'Babacar',
  'Serigne',
  'Lamine',
  'Malick',
  'Souleymane',
  'Alioune',
  'Omar',
  'Amadou',
  'Samba',
  'El Hadji',
  'Mouhamed',
] as const;

export const WOMEN_NAMES = [
  'Awa',
  'Fatou',
  'Aminata',
  'Mariama',
  'Khady',
  'Astou',
  'Ndeye',
  'Coumba',
  'Aissatou',
  'Rokhaya',
  'Bineta',
  'Sokhna',
  'Adja',
  'Dieynaba',
  'Mame Diarra',
  'Seynabou',
  'Marième',
  'Yacine',
  'Penda',
  'Oumou',
] as const;

/** A small seeded generator (mulberry32): deterministic, good enough for made-up names. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface DemoPicker {
  pick<T>(list: readonly T[]): T;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** A day between two days (AAAA-MM-JJ), both included. */
  dayBetween(from: string, to: string): string;
}

export function demoPicker(seed: number): DemoPicker {
  const next = seededRandom(seed);
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T,
    between,
    dayBetween: (from, to) => {
      const a = Date.parse(`${from}T00:00:00Z`);
      const b = Date.parse(`${to}T00:00:00Z`);
      return new Date(a + between(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
    },
  };
}

/**
 * The demo NIN of person `serial` of the demo register `register` (0 to 9): sex digit, « 99 », the
 * register, then the serial on nine digits — unique per (register, serial), valid for the sex.
 */
export function demoNin(sex: 'M' | 'F', register: number, serial: number): string {
  return `${sex === 'M' ? '1' : '2'}99${register % 10}${String(serial).padStart(9, '0')}`;
}
