import { ref, text } from './fields.ts';

// The referentials an IPM (or a provider) keeps for itself, versioned like the national ones but one
// series per organisation (`ownedBy`): its conventioned providers, its care package, the tariffs it
// agreed with a provider; a provider's transcoding of its local codes to the national acts. Each row
// names national codes (`ref`, `codeReferences`), checked in force on the day of the import.

const ACT = '^[A-Z]{3}[0-9]{3}$';
const PROVIDER = '^PS-[0-9]{5}$';

export const OWN_REFERENTIALS = [
  {
    code: 'ipm-prestataires-conventionnes',
    title: 'Prestataires conventionnés de l’IPM',
    ownedBy: 'ipm',
    ownerLabel: 'Chaque IPM (son gérant)',
    codeFormat: PROVIDER,
    codeFormatHelp: 'le code du prestataire dans le référentiel national des prestataires (PS- suivi de 5 chiffres)',
    codeReferences: 'prestataires',
    fields: [
      text('numero_convention', 'Numéro de la convention', false),
      { name: 'date_convention', label: 'Date de la convention', type: 'date', required: false },
      { name: 'tiers_payant', label: 'Tiers payant', type: 'booleen', required: true },
    ],
  },
  {
    code: 'ipm-panier-de-soins',
    title: 'Panier de soins de l’IPM',
    ownedBy: 'ipm',
    ownerLabel: 'Chaque IPM (son gérant)',
    codeFormat: ACT,
    codeFormatHelp: 'le code de l’acte dans la nomenclature nationale des actes en vigueur (CON001)',
    codeReferences: 'actes',
    fields: [
      { name: 'taux', label: 'Taux de prise en charge (%)', type: 'entier', required: true, min: 0, max: 100 },
      { name: 'plafond_annuel', label: 'Plafond annuel (FCFA)', type: 'montant', required: false },
      { name: 'entente_prealable', label: 'Prise en charge préalable (PEC) exigée', type: 'booleen', required: true },
      { name: 'avis_medecin_conseil', label: 'Avis du médecin-conseil exigé', type: 'booleen', required: true },
    ],
  },
  {
    code: 'ipm-tarifs-convenus',
    title: 'Tarifs convenus de l’IPM avec ses prestataires',
    ownedBy: 'ipm',
    ownerLabel: 'Chaque IPM (son gérant)',
    codeFormat: '^PS-[0-9]{5}-[A-Z]{3}[0-9]{3}$',
    codeFormatHelp: 'le code du prestataire, un tiret et le code de l’acte (PS-00001-CON001)',
    codeJoins: ['prestataire', 'acte'],
    fields: [
      ref('prestataire', 'Prestataire', 'prestataires'),
      ref('acte', 'Acte', 'actes'),
      { name: 'montant', label: 'Tarif convenu (FCFA)', type: 'montant', required: true },
    ],
  },
  {
    code: 'ps-transcodage',
    title: 'Transcodage du prestataire (codes locaux → actes nationaux)',
    ownedBy: 'prestataire',
    ownerLabel: 'Chaque prestataire',
    // A provider's own codes: whatever its software uses, on one line and without the file's separators.
    codeFormat: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$',
    codeFormatHelp: 'le code local du prestataire : 1 à 30 lettres, chiffres, points, tirets ou barres obliques',
    fields: [ref('acte', 'Acte national', 'actes'), text('libelle_local', 'Libellé local', false)],
  },
] as const;
