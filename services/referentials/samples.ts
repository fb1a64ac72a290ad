// Sample versions of the referentials the master plan gives no rows for, generated deterministically
// (the same file every time) and realistic-looking: they are labelled « exemple » wherever they are
// shown. Acts: a few hundred, by chapter; medicines: as many as asked, from common INNs, forms and
// strengths; a tariff per act. Amounts are illustrative, not the interministerial order's.

/** A small deterministic generator (mulberry32), so that samples and benchmarks are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const ACT_CHAPTERS = [
  {
    prefix: 'CON',
    chapter: 'Consultations et visites',
    key: 'C',
    acts: [
      'Consultation de médecine générale',
      'Consultation de spécialiste',
      'Consultation de pédiatrie',
      'Consultation de gynécologie',
      'Consultation de cardiologie',
      'Consultation d’ophtalmologie',
      'Visite à domicile',
      'Consultation de nuit',
      'Consultation de chirurgien-dentiste',
      'Consultation sage-femme',
    ],
  },
  {
    prefix: 'BIO',
    chapter: 'Biologie médicale',
    key: 'B',
    acts: [
      'Numération formule sanguine',
      'Glycémie à jeun',
      'Hémoglobine glyquée',
      'Créatininémie',
      'Goutte épaisse (paludisme)',
      'Test de diagnostic rapide du paludisme',
      'Examen cytobactériologique des urines',
      'Bilan lipidique',
      'Groupage sanguin ABO-Rhésus',
      'Sérologie VIH',
      'Transaminases',
      'Vitesse de sédimentation',
    ],
  },
  {
    prefix: 'RAD',
    chapter: 'Imagerie médicale',
    key: 'Z',
    acts: [
      'Radiographie du thorax',
      'Radiographie du bassin',
      'Échographie abdominale',
      'Échographie obstétricale',
      'Échographie pelvienne',
      'Scanner cérébral',
      'Scanner thoracique',
      'Mammographie',
      'IRM du genou',
      'Radiographie dentaire panoramique',
    ],
  },
  {
    prefix: 'CHI',
    chapter: 'Actes chirurgicaux',
    key: 'KC',
    acts: [
      'Appendicectomie',
      'Cure de hernie inguinale',
      'Césarienne',
      'Cholécystectomie',
      'Suture de plaie',
      'Incision d’abcès',
      'Amygdalectomie',
      'Circoncision',
      'Réduction de fracture',
      'Ablation de kyste',
    ],
  },
  {
    prefix: 'DEN',
    chapter: 'Soins dentaires',
    key: 'D',
    acts: [
      'Extraction dentaire simple',
      'Détartrage',
      'Obturation composite',
      'Traitement de canal',
      'Couronne céramo-métallique',
      'Extraction de dent de sagesse',
    ],
  },
  {
    prefix: 'HOS',
    chapter: 'Hospitalisation',
    key: 'H',
    acts: [
      'Journée d’hospitalisation en salle commune',
      'Journée d’hospitalisation en cabine',
      'Journée en réanimation',
      'Journée en néonatologie',
      'Accouchement par voie basse',
      'Mise en observation',
    ],
  },
  {
    prefix: 'KIN',
    chapter: 'Rééducation',
    key: 'AMK',
    acts: [
      'Séance de kinésithérapie',
      'Séance d’orthophonie',
      'Rééducation périnéale',
      'Séance de rééducation fonctionnelle',
    ],
  },
  {
    prefix: 'SIN',
    chapter: 'Soins infirmiers',
    key: 'AMI',
    acts: [
      'Injection intramusculaire',
      'Perfusion',
      'Pansement simple',
      'Pansement complexe',
      'Prise de sang',
      'Pose de sonde urinaire',
    ],
  },
] as const;

const VARIANTS = ['', ' (adulte)', ' (enfant)', ' — urgence', ' — contrôle', ' bilatéral(e)', ' — second avis'];

export interface SampleAct {
  code: string;
  libelle: string;
  chapitre: string;
  lettre: string;
  coefficient: number;
}

/** About `count` acts (a few hundred by default), codes CON001, BIO012... */
export function sampleActs(count = 300): SampleAct[] {
  const random = seeded(13);
  const acts: SampleAct[] = [];
  const perChapter = Math.ceil(count / ACT_CHAPTERS.length);
  for (const chapter of ACT_CHAPTERS) {
    for (let i = 0; i < perChapter && acts.length < count; i++) {
      const base = chapter.acts[i % chapter.acts.length] as string;
      const variant = VARIANTS[Math.floor(i / chapter.acts.length) % VARIANTS.length];
      acts.push({
        code: `${chapter.prefix}${pad(i + 1, 3)}`,
        libelle: `${base}${variant}`,
        chapitre: chapter.chapter,
        lettre: chapter.key,
        coefficient: 1 + Math.floor(random() * 40),
      });
    }
  }
  return acts;
}

const INNS = [
  'paracétamol',
  'amoxicilline',
  'ibuprofène',
  'métronidazole',
  'artéméther-luméfantrine',
  'quinine',
  'cotrimoxazole',
  'oméprazole',
  'metformine',
  'amlodipine',
  'captopril',
  'furosémide',
  'salbutamol',
  'prednisolone',
  'ciprofloxacine',
  'doxycycline',
  'fer-acide folique',
  'diclofénac',
  'glibenclamide',
  'hydrochlorothiazide',
  'losartan',
  'atorvastatine',
  'ceftriaxone',
  'azithromycine',
  'albendazole',
  'mébendazole',
  'fluconazole',
  'loratadine',
  'sels de réhydratation orale',
  'zinc',
  'insuline humaine',
  'ranitidine',
  'tramadol',
  'méthyldopa',
  'nifédipine',
  'vitamine C',
  'chloroquine',
  'gentamicine',
  'ampicilline',
  'diazépam',
];
const FORMS = [
  {
    form: 'comprimé',
    strengths: ['100 mg', '250 mg', '500 mg', '1 g'],
    packs: ['boîte de 10', 'boîte de 16', 'boîte de 20', 'boîte de 30'],
  },
  { form: 'gélule', strengths: ['250 mg', '500 mg'], packs: ['boîte de 12', 'boîte de 24'] },
  { form: 'sirop', strengths: ['125 mg/5 ml', '250 mg/5 ml'], packs: ['flacon de 60 ml', 'flacon de 100 ml'] },
  {
    form: 'solution injectable',
    strengths: ['500 mg', '1 g', '40 mg/2 ml'],
    packs: ['ampoule', 'flacon', 'boîte de 10 ampoules'],
  },
  { form: 'suppositoire', strengths: ['100 mg', '200 mg'], packs: ['boîte de 10'] },
  { form: 'pommade', strengths: ['1 %', '2 %'], packs: ['tube de 15 g', 'tube de 30 g'] },
] as const;
const BRANDS = ['Sen', 'Dakar', 'Teranga', 'Baobab', 'Sahel', 'Gorée', 'Lompoul', 'Saloum', 'Casamance', 'Niokolo'];
const DEVICES = [
  'Seringue stérile 5 ml',
  'Compresses stériles',
  'Bande de crêpe',
  'Gants d’examen',
  'Glucomètre',
  'Bandelettes de glycémie',
  'Tensiomètre',
  'Sonde urinaire',
  'Cathéter périphérique',
  'Attelle',
];

export interface SampleMedicine {
  code: string;
  denomination: string;
  dci: string;
  forme: string;
  dosage: string;
  conditionnement: string;
  prix: number;
  dateAmm: string;
}

/** `count` medicines and devices (MED000001..., one in twenty a device DM...). */
export function sampleMedicines(count: number, seed = 7): SampleMedicine[] {
  const random = seeded(seed);
  const list: SampleMedicine[] = [];
  for (let i = 1; i <= count; i++) {
    const year = 2005 + Math.floor(random() * 20);
    const dateAmm = `${year}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`;
    if (i % 20 === 0) {
      const device = pick(random, DEVICES);
      list.push({
        code: `DM${pad(i, 6)}`,
        denomination: `${device} ${pick(random, BRANDS)}`,
        dci: '',
        forme: 'dispositif médical',
        dosage: '',
        conditionnement: 'unité',
        prix: 250 * (1 + Math.floor(random() * 40)),
        dateAmm,
      });
      continue;
    }
    const inn = pick(random, INNS);
    const form = pick(random, FORMS);
    list.push({
      code: `MED${pad(i, 6)}`,
      denomination: `${inn.charAt(0).toUpperCase()}${inn.slice(1)} ${pick(random, BRANDS)}`,
      dci: inn,
      forme: form.form,
      dosage: pick(random, form.strengths),
      conditionnement: pick(random, form.packs),
      prix: 50 * (5 + Math.floor(random() * 400)),
      dateAmm,
    });
  }
  return list;
}

const cell = (value: string | number) => {
  const text = String(value);
  return /[;"\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
export const csvOf = (header: string, rows: (string | number)[][]) =>
  `${header}\n${rows.map((r) => r.map(cell).join(';')).join('\n')}\n`;

export const actsCsv = (acts: SampleAct[]) =>
  csvOf(
    'code;libelle;chapitre;lettre_cle;coefficient',
    acts.map((a) => [a.code, a.libelle, a.chapitre, a.lettre, a.coefficient]),
  );

export const medicinesCsv = (medicines: SampleMedicine[]) =>
  csvOf(
    'code;denomination;dci;forme;dosage;conditionnement;prix_public;date_amm',
    medicines.map((m) => [m.code, m.denomination, m.dci, m.forme, m.dosage, m.conditionnement, m.prix, m.dateAmm]),
  );

/** A tariff per act: its letter's value times its coefficient; `revision` raises some of them. */
export function tariffsCsv(acts: SampleAct[], revision: 0 | 1): string {
  const random = seeded(101);
  return csvOf(
    'code;montant;plafond',
    acts.map((a) => {
      const base = 1000 * a.coefficient + 2000;
      const raised = revision === 1 && random() < 0.4 ? Math.round((base * 1.1) / 50) * 50 : base;
      return [a.code, raised, Math.round((raised * 0.8) / 50) * 50];
    }),
  );
}
