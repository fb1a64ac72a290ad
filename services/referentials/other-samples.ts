import { readCsvRecords } from '../portfolio/csv-records.ts';
import { csvOf, type SampleAct, seeded } from './samples.ts';

// Sample versions, « exemple » in their titles, of the referentials the master plan names but gives
// no rows for: enterprises, licensed IPMs, providers, health professionals, the mandatory benefit
// package, management norms, the chart of accounts, beneficiaries outside the AMO. Deterministic
// (seeded), made-up names, each row referring only to codes the shipped versions hold.

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** The régions' and départements' codes of the shipped administrative division (its CSV). */
export function divisionCodes(divisionCsv: string): { regions: string[]; departements: string[] } {
  const [, ...records] = readCsvRecords(divisionCsv, ';').records;
  const rows = records.map((r) => r.fields);
  return {
    regions: rows.filter((f) => f[1] === 'region').map((f) => f[0] as string),
    departements: rows.filter((f) => f[1] === 'departement').map((f) => f[0] as string),
  };
}

const COMPANY_WORDS = ['Sénégalaise', 'Atlantique', 'Sahel', 'Teranga', 'Baobab', 'Cap-Vert', 'Casamance', 'Ferlo'];
const COMPANY_KINDS = [
  'Industries',
  'Transports',
  'Services',
  'Distribution',
  'Bâtiment',
  'Pêche',
  'Énergie',
  'Textiles',
];
const SECTORS = ['industrie', 'commerce', 'transport', 'BTP', 'pêche', 'services', 'énergie', 'agro-alimentaire'];

export function enterprisesCsv(regions: readonly string[], count = 120): string {
  const random = seeded(211);
  return csvOf(
    'code;raison_sociale;ninea;region;secteur',
    Array.from({ length: count }, (_, i) => [
      pad(100000 + i * 37, 7),
      `${pick(random, COMPANY_KINDS)} ${pick(random, COMPANY_WORDS)} ${i + 1} SA (exemple)`,
      pad(Math.floor(random() * 1e9), 9),
      pick(random, regions),
      pick(random, SECTORS),
    ]),
  );
}

export function ipmCsv(regions: readonly string[], count = 24): string {
  const random = seeded(223);
  return csvOf(
    'code;nom;type;agrement;region',
    Array.from({ length: count }, (_, i) => {
      const enterprise = random() < 0.6;
      return [
        `IPM-${pad(i + 1, 4)}`,
        `IPM ${enterprise ? 'de' : 'interentreprises'} ${pick(random, COMPANY_WORDS)} ${i + 1} (exemple)`,
        enterprise ? 'entreprise' : 'interentreprises',
        `AGR-2025-${pad(i + 1, 4)}`,
        pick(random, regions),
      ];
    }),
  );
}

const PROVIDER_KINDS = [
  ['hopital', 'Hôpital régional'],
  ['centre_de_sante', 'Centre de santé'],
  ['clinique', 'Clinique'],
  ['cabinet', 'Cabinet médical'],
  ['pharmacie', 'Pharmacie'],
  ['laboratoire', 'Laboratoire d’analyses'],
] as const;

export function providersCsv(departements: readonly string[], count = 150): string {
  const random = seeded(227);
  return csvOf(
    'code;nom;categorie;departement',
    Array.from({ length: count }, (_, i) => {
      const [kind, label] = pick(random, PROVIDER_KINDS);
      return [
        `PS-${pad(i + 1, 5)}`,
        `${label} ${pick(random, COMPANY_WORDS)} ${i + 1} (exemple)`,
        kind,
        pick(random, departements),
      ];
    }),
  );
}

const PROFESSIONS: readonly (readonly [string, readonly string[]])[] = [
  ['Médecin', ['médecine générale', 'pédiatrie', 'gynécologie', 'cardiologie', 'ophtalmologie']],
  ['Chirurgien-dentiste', ['']],
  ['Pharmacien', ['officine', 'biologie']],
  ['Sage-femme', ['']],
  ['Infirmier', ['']],
];

export function professionalsCsv(count = 400): string {
  const random = seeded(229);
  return csvOf(
    'code;profession;specialite',
    Array.from({ length: count }, (_, i) => {
      const [profession, specialities] = pick(random, PROFESSIONS);
      return [`PRO-${pad(i + 1, 6)}`, profession, pick(random, specialities)];
    }),
  );
}

/** The mandatory package: one line per chapter of acts, some needing a prior agreement. */
export function benefitsCsv(acts: readonly SampleAct[]): string {
  const chapters = [...new Map(acts.map((a) => [a.chapitre, a])).values()];
  return csvOf(
    'code;libelle;acte;taux;entente_prealable',
    chapters.map((act, i) => [
      `PO-${pad(i + 1, 3)}`,
      `${act.chapitre} (exemple)`,
      act.code,
      act.chapitre.toLowerCase().includes('hospital') ? 100 : 80,
      i % 3 === 2 ? 'oui' : 'non',
    ]),
  );
}

const NORMS = [
  ['Délai de remboursement des prestataires', '30', 'jours'],
  ['Frais de gestion maximum', '15', '% des cotisations'],
  ['Réserve de sécurité minimale', '3', 'mois de prestations'],
  ['Délai de délivrance de la carte', '15', 'jours'],
  ['Taux de recouvrement attendu', '95', '%'],
  ['Délai de réponse à une entente préalable', '48', 'heures'],
] as const;

export const normsCsv = (): string =>
  csvOf(
    'code;libelle;valeur;unite',
    NORMS.map(([label, value, unit], i) => [`NG-${pad(i + 1, 3)}`, `${label} (exemple)`, value, unit]),
  );

const ACCOUNTS = [
  ['10', 'Capital et réserves'],
  ['40', 'Fournisseurs et comptes rattachés'],
  ['41', 'Clients et comptes rattachés : cotisations à recevoir'],
  ['4111', 'Cotisations appelées auprès des employeurs'],
  ['4112', 'Quotes-parts dues par les participants'],
  ['52', 'Banques'],
  ['60', 'Achats'],
  ['62', 'Services extérieurs'],
  ['65', 'Prestations de soins prises en charge'],
  ['6511', 'Prestations hospitalières'],
  ['6512', 'Prestations pharmaceutiques'],
  ['70', 'Cotisations reçues'],
  ['7011', 'Cotisations patronales'],
  ['7012', 'Cotisations salariales'],
] as const;

export const chartOfAccountsCsv = (): string =>
  csvOf(
    'code;libelle;classe',
    ACCOUNTS.map(([code, label]) => [code, `${label} (exemple)`, Number(code[0])]),
  );

const REGIMES = ['bourse_securite_familiale', 'plan_sesame', 'enfants_0_5_ans', 'carte_egalite_chances', 'mutuelle'];

export function outsideAmoCsv(regions: readonly string[], count = 200): string {
  const random = seeded(233);
  return csvOf(
    'code;regime;region',
    Array.from({ length: count }, (_, i) => [
      `CMU-${pad(20260000 + i * 13, 10)}`,
      pick(random, REGIMES),
      pick(random, regions),
    ]),
  );
}
