import { type IsoDuration, isValidCalendarDuration } from './calendar.ts';

// The figures the rules depend on and that the authorities may change: thresholds, validity periods.
// One catalogue for every process, so that one figure is set in one place (`SIAMO_SETTINGS`). A
// definition lists the settings it uses; their values are fixed when a case opens and kept for its
// whole life, like its durations. Defaults are starting values, not legal figures: set them.

export type SettingDefinition =
  | { label: string; type: 'entier'; default: number; min?: number; max?: number }
  | { label: string; type: 'duree'; default: IsoDuration }
  /** Names separated by `|` (the overrides' own separators are `,` and `;`), e.g. acte_mariage|certificat_vie. */
  | { label: string; type: 'liste'; default: string };

export const SETTINGS = {
  effectifMinimumIpmEntreprise: {
    label: 'Effectif salarié minimum d’une IPM d’entreprise',
    type: 'entier',
    default: 300,
    min: 1,
  },
  dureeValiditeAgrement: { label: 'Durée de validité d’un agrément', type: 'duree', default: 'P5Y' },
  jourRapportMensuel: {
    label: 'Jour du mois suivant où le rapport d’avancement mensuel d’un projet est attendu',
    type: 'entier',
    default: 5,
    min: 1,
    max: 28,
  },
  // The enrolment's (processes/enrolment): the settings catalogue has no domain mechanism yet, so
  // they sit here. Starting values, not legal figures: each IPM's rules fix them.
  ageLimiteEnfant: {
    label: 'Âge auquel un enfant ayant droit perd ses droits',
    type: 'entier',
    default: 21,
    min: 1,
    max: 40,
  },
  ageLimiteEnfantEtudiant: {
    label: 'Âge auquel un enfant étudiant (certificat de scolarité en cours) perd ses droits',
    type: 'entier',
    default: 25,
    min: 1,
    max: 40,
  },
  // The recouvrement's (processes/recouvrement): rates in ten-thousandths of the payroll (600 = 6 %),
  // recorded on each call when it is issued.
  tauxCotisationEmployeur: {
    label: 'Taux de la cotisation patronale, en dix-millièmes de la masse salariale (300 = 3 %)',
    type: 'entier',
    default: 300,
    min: 0,
    max: 10_000,
  },
  tauxCotisationSalarie: {
    label: 'Taux de la cotisation salariale, en dix-millièmes de la masse salariale (300 = 3 %)',
    type: 'entier',
    default: 300,
    min: 0,
    max: 10_000,
  },
  // The quote-parts' (processes/quote-parts): a member's debt falls due this many days after the care
  // or advance it comes from, unless the IPM sets its due date.
  delaiPaiementQuotePart: {
    label: 'Jours après les soins où une somme due par un assuré à son IPM est échue',
    type: 'entier',
    default: 30,
    min: 0,
    max: 365,
  },
  // Dependants' eligibility (processes/enrolment/eligibility.ts): the pieces asked for each kind of
  // dependant, how many spouses one participant may declare, and how long before a child's age limit
  // the family is told (services/enrolment/age-limits.ts).
  piecesConjoint: { label: 'Pièces exigées pour un conjoint', type: 'liste', default: 'acte_mariage' },
  piecesEnfant: { label: 'Pièces exigées pour un enfant', type: 'liste', default: 'acte_naissance' },
  piecesEnfantEtudiant: {
    label: 'Pièces exigées pour prolonger les droits d’un enfant étudiant',
    type: 'liste',
    default: 'certificat_scolarite',
  },
  nombreMaximumConjoints: {
    label: 'Nombre maximum de conjoints ayants droit d’un participant',
    type: 'entier',
    default: 4,
    min: 1,
    max: 4,
  },
  joursAvisLimiteAge: {
    label: 'Jours avant la limite d’âge d’un enfant où la famille en est avisée',
    type: 'entier',
    default: 60,
    min: 1,
    max: 365,
  },
  // The rights check's (processes/controle).
  controleJoursPasses: {
    label: 'Nombre de jours dans le passé pour lesquels un prestataire peut contrôler les droits',
    type: 'entier',
    default: 365,
    min: 0,
    max: 3660,
  },
  controleJoursFuturs: {
    label: 'Nombre de jours à venir pour lesquels un prestataire peut contrôler les droits',
    type: 'entier',
    default: 90,
    min: 0,
    max: 730,
  },
  controleParMinute: {
    label: 'Contrôles de droits permis par minute à un prestataire',
    type: 'entier',
    default: 120,
    min: 1,
  },
  controleAlerteBeneficiaires: {
    label: 'Bénéficiaires distincts contrôlés par un prestataire en une fenêtre qui déclenchent une alerte',
    type: 'entier',
    default: 40,
    min: 2,
  },
  controleAlerteFenetreMinutes: {
    label: 'Durée de la fenêtre de détection des contrôles en série (minutes)',
    type: 'entier',
    default: 10,
    min: 1,
    max: 1440,
  },
  // Prior authorisations (processes/pec): how far from today a planned date may be, under which
  // covered amount a PEC is granted without an agent, and how long a granted PEC stays valid.
  pecJoursPasses: {
    label: 'Nombre de jours dans le passé où peut tomber la date prévue d’un acte soumis à prise en charge',
    type: 'entier',
    default: 30,
    min: 0,
    max: 3660,
  },
  pecJoursFuturs: {
    label: 'Nombre de jours à venir où peut tomber la date prévue d’un acte soumis à prise en charge',
    type: 'entier',
    default: 180,
    min: 0,
    max: 730,
  },
  pecPlafondAccordAutomatique: {
    label: 'Montant pris en charge (FCFA) jusqu’auquel une prise en charge est accordée sans agent',
    type: 'entier',
    default: 50_000,
    min: 0,
  },
  pecDureeValidite: {
    label: 'Durée de validité d’une prise en charge accordée, à compter de la date prévue',
    type: 'duree',
    default: 'P30D',
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof SETTINGS;

export const isSettingName = (name: unknown): name is SettingName =>
  typeof name === 'string' && Object.hasOwn(SETTINGS, name);

/** Resolved values by setting name: numbers for `entier`, ISO 8601 strings for `duree`. */
export type SettingValues = Record<string, number | string>;

/** Checks one value for a setting; a French reason when it does not fit. */
export function settingProblem(name: SettingName, value: unknown): string | undefined {
  const setting: SettingDefinition = SETTINGS[name];
  if (setting.type === 'entier') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'doit être un nombre entier';
    if (setting.min !== undefined && value < setting.min) return `doit être au moins ${setting.min}`;
    if (setting.max !== undefined && value > setting.max) return `doit être au plus ${setting.max}`;
    return undefined;
  }
  if (setting.type === 'liste')
    return typeof value === 'string' && /^([a-z0-9_]+(\|[a-z0-9_]+)*)?$/.test(value)
      ? undefined
      : 'doit être une liste de noms en minuscules séparés par |, par exemple acte_mariage|certificat_vie';
  return isValidCalendarDuration(value) ? undefined : 'doit être une durée ISO 8601, par exemple P5Y, P6M ou P30D';
}

/**
 * Parses `effectifMinimumIpmEntreprise=500, dureeValiditeAgrement=P3Y` (comma or semicolon
 * separated), each name from the catalogue and each value of its type.
 */
export function parseSettingOverrides(text: string): SettingValues {
  const overrides: SettingValues = {};
  for (const part of text.split(/[;,]/)) {
    const item = part.trim();
    if (!item) continue;
    const [name, raw, ...rest] = item.split('=').map((s) => s.trim());
    if (!name || !raw || rest.length > 0) {
      throw new Error(`« ${item} » : attendu nomDuRéglage=VALEUR, par exemple effectifMinimumIpmEntreprise=300`);
    }
    if (!isSettingName(name)) {
      throw new Error(`réglage inconnu « ${name} » (connus : ${Object.keys(SETTINGS).join(', ')})`);
    }
    const value = SETTINGS[name].type === 'entier' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    const problem = settingProblem(name, value);
    if (problem) throw new Error(`${name} : ${problem}`);
    overrides[name] = value;
  }
  return overrides;
}

/** A `liste` setting's names. */
export const listSetting = (value: number | string | undefined): string[] =>
  typeof value === 'string' && value !== '' ? value.split('|') : [];

/** The values of `names`, from the overrides or the catalogue's defaults. */
export function resolveSettings(names: readonly string[], overrides: SettingValues): SettingValues {
  return Object.fromEntries(
    names.filter(isSettingName).map((name) => [name, overrides[name] ?? SETTINGS[name].default]),
  );
}
