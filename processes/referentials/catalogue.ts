import { type ReferentialField, ref, text } from './fields.ts';
import { OWN_REFERENTIALS } from './own-catalogue.ts';

// The national referentials of the master plan, each with its owner (autorité de tutelle), the format
// of its codes and its fields. Codes formats are Siamo's own where the plan gives none (it gives none):
// they are patterns a person can read in the layout, kept here so that one change moves the import,
// the template and the API together. Where an owner is not one of the AMO's organisations (ANSD, MSAS,
// DPM, ACMU), it is an organisation of its own, of the State's kind (services/referentials/owners.ts).

export interface ReferentialDefinition {
  code: string;
  title: string;
  /** The one organisation owning a national referential; absent when each IPM or provider keeps its own (`ownedBy`). */
  ownerOrganisationId?: string;
  /**
   * A referential each organisation of this kind keeps for itself: every IPM (or provider) has its own
   * series of versions, imported and approved by its own people, read by it, ICAMO and the ministry only.
   */
  ownedBy?: 'ipm' | 'prestataire';
  /** The authority as the master plan names it. */
  ownerLabel: string;
  codeFormat: string;
  /** The format in words, for the layout and the report. */
  codeFormatHelp: string;
  /** The code itself must be a code in force of this other referential (a tariff's code is an act's). */
  codeReferences?: string;
  /** The code is these fields' values joined by « - » (a pair provider–act), checked line by line. */
  codeJoins?: readonly string[];
  fields: readonly ReferentialField[];
  /**
   * Levels of a referential whose rows nest (régions, départements, communes): which level a row's
   * parent must be at, level by level (`null`: a row at that level has no parent).
   */
  levels?: {
    levelField: string;
    parentField: string;
    parentLevel: Readonly<Record<string, string | null>>;
  };
}

export const REFERENTIALS = [
  {
    code: 'decoupage',
    title: 'Découpage administratif (régions, départements, communes)',
    ownerOrganisationId: 'ansd',
    ownerLabel: 'État (ANSD)',
    // Régions keep their ISO 3166-2 code; a département or a commune adds the upper-case ASCII of its
    // name to its parent's (ANSD's own numbering is not in the brief).
    codeFormat: '^SN-[A-Z]{2}(-[A-Z0-9]+)*$',
    codeFormatHelp: 'SN-XX pour une région (ISO 3166-2), SN-XX-NOM pour un département, SN-XX-NOM-NOM pour une commune',
    fields: [
      { name: 'niveau', label: 'Niveau', type: 'choix', values: ['region', 'departement', 'commune'], required: true },
      text('nom', 'Nom'),
      ref('parent', 'Code du parent', 'decoupage', false),
    ],
    levels: {
      levelField: 'niveau',
      parentField: 'parent',
      parentLevel: { region: null, departement: 'region', commune: 'departement' },
    },
  },
  {
    code: 'entreprises',
    title: 'Entreprises',
    ownerOrganisationId: 'ansd',
    ownerLabel: 'ANSD, DSTE, registre du commerce',
    codeFormat: '^[0-9]{5,12}$',
    codeFormatHelp: 'numéro CSS/IPRES : 5 à 12 chiffres',
    fields: [
      text('raison_sociale', 'Raison sociale'),
      text('ninea', 'NINEA', false),
      ref('region', 'Région', 'decoupage'),
      text('secteur', 'Secteur d’activité', false),
    ],
  },
  {
    code: 'ipm',
    title: 'IPM agréées',
    ownerOrganisationId: 'ministere-travail',
    ownerLabel: 'Ministère (registre des agréments)',
    codeFormat: '^IPM-[0-9]{4}$',
    codeFormatHelp: 'IPM- suivi de 4 chiffres',
    fields: [
      text('nom', 'Nom'),
      { name: 'type', label: 'Type', type: 'choix', values: ['entreprise', 'interentreprises'], required: true },
      text('agrement', 'Numéro d’agrément', false),
      ref('region', 'Région', 'decoupage'),
    ],
  },
  {
    code: 'prestataires',
    title: 'Prestataires de soins agréés',
    ownerOrganisationId: 'icamo',
    ownerLabel: 'ICAMO',
    codeFormat: '^PS-[0-9]{5}$',
    codeFormatHelp: 'PS- suivi de 5 chiffres',
    fields: [
      text('nom', 'Nom'),
      {
        name: 'categorie',
        label: 'Catégorie',
        type: 'choix',
        values: ['hopital', 'centre_de_sante', 'clinique', 'cabinet', 'pharmacie', 'laboratoire'],
        required: true,
      },
      ref('departement', 'Département', 'decoupage'),
    ],
  },
  {
    code: 'professionnels',
    title: 'Professionnels de santé',
    ownerOrganisationId: 'msas',
    ownerLabel: 'MSAS (cellule e-santé)',
    codeFormat: '^PRO-[0-9]{6}$',
    codeFormatHelp: 'PRO- suivi de 6 chiffres',
    fields: [text('profession', 'Profession'), text('specialite', 'Spécialité', false)],
  },
  {
    code: 'actes',
    title: 'Nomenclature des actes',
    ownerOrganisationId: 'msas',
    ownerLabel: 'MSAS',
    codeFormat: '^[A-Z]{3}[0-9]{3}$',
    codeFormatHelp: 'trois lettres majuscules et trois chiffres (CON001)',
    fields: [
      text('libelle', 'Libellé'),
      text('chapitre', 'Chapitre'),
      text('lettre_cle', 'Lettre clé', false),
      { name: 'coefficient', label: 'Coefficient', type: 'entier', required: false },
    ],
  },
  {
    code: 'medicaments',
    title: 'Médicaments et dispositifs médicaux',
    ownerOrganisationId: 'dpm',
    ownerLabel: 'DPM',
    codeFormat: '^(MED|DM)[0-9]{6}$',
    codeFormatHelp: 'MED ou DM suivi de 6 chiffres',
    fields: [
      text('denomination', 'Dénomination'),
      text('dci', 'DCI', false),
      text('forme', 'Forme'),
      text('dosage', 'Dosage', false),
      text('conditionnement', 'Conditionnement', false),
      { name: 'prix_public', label: 'Prix public', type: 'montant', required: false },
      { name: 'date_amm', label: 'Date de l’autorisation de mise sur le marché', type: 'date', required: false },
    ],
  },
  {
    code: 'tarifs',
    title: 'Tarifs applicables aux IPM (arrêté interministériel)',
    ownerOrganisationId: 'ministere-travail',
    ownerLabel: 'Ministères (arrêté interministériel)',
    codeFormat: '^[A-Z]{3}[0-9]{3}$',
    codeFormatHelp: 'le code de l’acte dans la nomenclature des actes en vigueur',
    codeReferences: 'actes',
    fields: [
      { name: 'montant', label: 'Tarif', type: 'montant', required: true },
      { name: 'plafond', label: 'Plafond de prise en charge', type: 'montant', required: false },
    ],
  },
  {
    code: 'prestations',
    title: 'Prestations obligatoires (paquet minimum)',
    ownerOrganisationId: 'ministere-travail',
    ownerLabel: 'Ministère',
    codeFormat: '^PO-[0-9]{3}$',
    codeFormatHelp: 'PO- suivi de 3 chiffres',
    fields: [
      text('libelle', 'Libellé'),
      ref('acte', 'Acte', 'actes', false),
      { name: 'taux', label: 'Taux de prise en charge (%)', type: 'entier', required: true },
      { name: 'entente_prealable', label: 'Entente préalable', type: 'booleen', required: true },
    ],
  },
  {
    code: 'normes',
    title: 'Normes de gestion des IPM',
    ownerOrganisationId: 'icamo',
    ownerLabel: 'ICAMO, IPM, ministère',
    codeFormat: '^NG-[0-9]{3}$',
    codeFormatHelp: 'NG- suivi de 3 chiffres',
    fields: [text('libelle', 'Libellé'), text('valeur', 'Valeur'), text('unite', 'Unité', false)],
  },
  {
    code: 'plan_comptable',
    title: 'Plan comptable (SYSCOA et ses adaptations)',
    ownerOrganisationId: 'icamo',
    ownerLabel: 'ICAMO',
    codeFormat: '^[1-9][0-9]{0,7}$',
    codeFormatHelp: 'numéro de compte : 1 à 8 chiffres, sans zéro en tête',
    fields: [text('libelle', 'Libellé'), { name: 'classe', label: 'Classe', type: 'entier', required: true }],
  },
  {
    code: 'beneficiaires_hors_amo',
    title: 'Bénéficiaires hors AMO (CMU)',
    ownerOrganisationId: 'acmu',
    ownerLabel: 'ACMU',
    codeFormat: '^CMU-[0-9]{8,12}$',
    codeFormatHelp: 'CMU- suivi de 8 à 12 chiffres (numéro de carte CMU)',
    // No names here: a person's identity stays in the enrolment's protected tables.
    fields: [
      {
        name: 'regime',
        label: 'Régime',
        type: 'choix',
        values: ['bourse_securite_familiale', 'plan_sesame', 'enfants_0_5_ans', 'carte_egalite_chances', 'mutuelle'],
        required: true,
      },
      ref('region', 'Région', 'decoupage'),
    ],
  },
  ...OWN_REFERENTIALS,
] as const satisfies readonly ReferentialDefinition[];

export type ReferentialCode = (typeof REFERENTIALS)[number]['code'];

export function referentialDefinition(code: string): ReferentialDefinition | undefined {
  return (REFERENTIALS as readonly ReferentialDefinition[]).find((r) => r.code === code);
}
