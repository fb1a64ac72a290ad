import { type EngineRules, processDefiner } from '../../define.ts';
import type { ENROLMENT_EFFECTS } from '../effects.ts';
import type { ENROLMENT_RECORDS } from '../records.ts';

// L’adhésion d’une entreprise à une IPM. L’employeur (rôle `employeur`, son organisation) ouvre le
// dossier par le service d’adhésion (services/enrolment/adhesion.ts), qui vérifie l’IPM choisie et la
// règle de l’IPM d’entreprise ; il dépose ses pièces (registre de commerce, liste du personnel,
// déclaration CSS/IPRES) puis soumet. L’agent de l’IPM examine : dossier complet, compléments demandés
// avec un motif, ou refus motivé. Le gérant approuve le contrat avec sa date de début : l’adhésion est
// active. Coordonnées et contacts se modifient tant qu’elle dure ; la résiliation ouvre un préavis
// (minuteur durable) au terme duquel l’adhésion est résiliée et les affiliations de ses salariés closes.
// La ligne `Employer` est l’enregistrement du dossier (processes/records.ts) : chaque transition en
// écrit le statut dans la même instruction que la projection.

const defineProcess = processDefiner<{
  guards: EngineRules['guards'];
  calculations: EngineRules['calculations'];
  effects: EngineRules['effects'] & typeof ENROLMENT_EFFECTS;
  records: typeof ENROLMENT_RECORDS;
}>();

export const ADHESION_PIECES = [
  { value: 'registre_commerce', label: 'Registre du commerce (RCCM)' },
  { value: 'liste_personnel', label: 'Liste du personnel' },
  { value: 'declaration_css_ipres', label: 'Déclaration CSS/IPRES' },
];

const motif = (label: string) =>
  ({ type: 'text', label, required: true, minLength: 5, maxLength: 2000, multiline: true }) as const;

/** The contact details, changeable while the adhesion lasts. */
const CONTACTS = {
  adresse: { type: 'text', label: 'Adresse', maxLength: 300 },
  contactNom: { type: 'text', label: 'Personne à contacter', maxLength: 200 },
  contactTelephone: {
    type: 'text',
    label: 'Téléphone du contact',
    maxLength: 30,
    pattern: { regex: '^[+0-9 .-]{7,30}$', message: 'un numéro de téléphone (chiffres, espaces, +)' },
  },
  contactEmail: {
    type: 'text',
    label: 'Courriel du contact',
    maxLength: 200,
    pattern: { regex: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', message: 'une adresse électronique' },
  },
} as const;

const CONTACT_COLUMNS = {
  address: 'adresse',
  contactName: 'contactNom',
  contactPhone: 'contactTelephone',
  contactEmail: 'contactEmail',
} as const;

/** The employer's row as the request gives it. */
const REQUEST_COLUMNS = {
  cssIpres: 'numeroCssIpres',
  ipmId: 'ipm',
  name: 'raisonSociale',
  ninea: 'ninea',
  sector: 'secteur',
  communeCode: 'commune',
  ...CONTACT_COLUMNS,
} as const;

const status = (value: string, reason?: string, extra: Record<string, string> = {}) =>
  ({
    kind: 'entrepriseAdherente',
    columns: { cssIpres: 'numeroCssIpres', ...(reason ? { statusReason: reason } : {}), ...extra },
    values: { status: value, ...(reason ? {} : { statusReason: null }) },
  }) as const;

const toEmployer = { name: 'notifier', params: { modele: 'decision', destinataires: ['employeur'] } } as const;

const adhesion = defineProcess({
  id: 'adhesion',
  version: 1,
  title: 'Adhésion d’une entreprise à une IPM',
  description:
    'Demande d’adhésion d’un employeur avec ses pièces, examen par l’IPM (compléments, refus), contrat approuvé ' +
    'par le gérant avec sa date de début, modifications, résiliation avec préavis.',
  startRoles: ['employeur'],
  startInput: {
    ipm: { type: 'text', label: 'IPM choisie', required: true, maxLength: 100 },
    raisonSociale: { type: 'text', label: 'Raison sociale', required: true, maxLength: 200 },
    numeroCssIpres: {
      type: 'text',
      label: 'Numéro CSS/IPRES',
      required: true,
      maxLength: 30,
      pattern: { regex: '^[A-Za-z0-9./ -]{3,30}$', message: '3 à 30 lettres, chiffres, points, tirets' },
    },
    ninea: { type: 'text', label: 'NINEA', maxLength: 30 },
    secteur: { type: 'text', label: 'Secteur d’activité', required: true, maxLength: 100 },
    commune: { type: 'text', label: 'Commune ou département (code)', required: true, maxLength: 30 },
    ...CONTACTS,
  },
  computed: {
    resilieeLe: { type: 'instant', label: 'Résiliée le' },
  },
  durations: {
    preavisResiliation: { label: 'Préavis de résiliation', default: 'P90D' },
  },
  initial: 'brouillon',
  states: {
    brouillon: {
      label: 'Demande en préparation',
      waitsFor: ['employeur'],
      on: {
        'pieces.deposer': { target: 'brouillon' },
        'demande.soumettre': {
          target: 'en_examen',
          guard: { name: 'piecesJointes', params: { champ: 'pieces', valeurs: ADHESION_PIECES.map((p) => p.value) } },
          records: [{ kind: 'entrepriseAdherente', columns: REQUEST_COLUMNS, values: { status: 'demandee' } }],
        },
        'demande.abandonner': { target: 'abandonnee' },
      },
    },
    en_examen: {
      label: 'En examen par l’IPM',
      waitsFor: ['agent_ipm'],
      on: {
        'examen.completer': { target: 'en_approbation', records: [status('en_approbation')] },
        'examen.demanderComplements': {
          target: 'complements_demandes',
          records: [status('complements', 'complementsDemandes')],
          effects: [toEmployer],
        },
        'examen.refuser': {
          target: 'refusee',
          records: [status('refusee', 'motifRefus')],
          effects: [toEmployer],
        },
      },
    },
    complements_demandes: {
      label: 'Compléments demandés',
      waitsFor: ['employeur'],
      on: {
        'pieces.deposer': { target: 'complements_demandes' },
        'complements.repondre': { target: 'en_examen', records: [status('demandee')] },
      },
    },
    en_approbation: {
      label: 'Contrat à approuver',
      waitsFor: ['gerant_ipm'],
      on: {
        'contrat.approuver': {
          target: 'active',
          records: [status('active', undefined, { contractStart: 'dateDebutContrat' })],
          effects: [toEmployer],
        },
        'contrat.refuser': {
          target: 'refusee',
          records: [status('refusee', 'motifRefus')],
          effects: [toEmployer],
        },
      },
    },
    active: {
      label: 'Adhésion active',
      waitsFor: [],
      on: {
        'adhesion.modifier': {
          target: 'active',
          records: [{ kind: 'entrepriseAdherente', columns: { cssIpres: 'numeroCssIpres', ...CONTACT_COLUMNS } }],
        },
        'resiliation.demander': {
          target: 'preavis',
          records: [status('preavis', 'motifResiliation')],
          effects: [toEmployer],
        },
      },
    },
    preavis: {
      label: 'Résiliation en préavis',
      waitsFor: [],
      timers: [{ after: 'preavisResiliation', event: 'resiliation.prendreEffet' }],
      on: {
        'adhesion.modifier': {
          target: 'preavis',
          records: [{ kind: 'entrepriseAdherente', columns: { cssIpres: 'numeroCssIpres', ...CONTACT_COLUMNS } }],
        },
        'resiliation.retirer': { target: 'active', records: [status('active')] },
        'resiliation.prendreEffet': {
          target: 'resiliee',
          set: { resilieeLe: { name: 'instant' } },
          records: [
            {
              kind: 'entrepriseAdherente',
              columns: { cssIpres: 'numeroCssIpres', terminatedOn: 'resilieeLe' },
              values: { status: 'resiliee' },
            },
          ],
          effects: [{ name: 'clore_affiliations' }, toEmployer],
        },
      },
    },
    resiliee: { label: 'Adhésion résiliée', terminal: true },
    refusee: { label: 'Adhésion refusée', terminal: true },
    abandonnee: { label: 'Demande abandonnée', terminal: true },
  },
  events: {
    'pieces.deposer': {
      label: 'Déposer une pièce',
      roles: ['employeur'],
      input: { pieces: { type: 'pieces', label: 'Pièces de la demande', required: true, options: ADHESION_PIECES } },
    },
    'demande.soumettre': { label: 'Soumettre la demande d’adhésion', roles: ['employeur'] },
    'demande.abandonner': { label: 'Abandonner la demande', roles: ['employeur'] },
    'examen.completer': { label: 'Déclarer le dossier complet', roles: ['agent_ipm'] },
    'examen.demanderComplements': {
      label: 'Demander des compléments',
      roles: ['agent_ipm'],
      input: { complementsDemandes: motif('Compléments demandés') },
    },
    'examen.refuser': {
      label: 'Refuser l’adhésion',
      roles: ['agent_ipm'],
      input: { motifRefus: motif('Motif du refus') },
    },
    'complements.repondre': {
      label: 'Répondre aux compléments',
      roles: ['employeur'],
      input: { reponseComplements: motif('Réponse aux compléments') },
    },
    'contrat.approuver': {
      label: 'Approuver le contrat',
      roles: ['gerant_ipm'],
      input: { dateDebutContrat: { type: 'date', label: 'Date de début du contrat', required: true } },
    },
    'contrat.refuser': {
      label: 'Refuser le contrat',
      roles: ['gerant_ipm'],
      input: { motifRefus: motif('Motif du refus') },
    },
    'adhesion.modifier': { label: 'Modifier les coordonnées', roles: ['employeur', 'agent_ipm'], input: CONTACTS },
    'resiliation.demander': {
      label: 'Résilier l’adhésion (préavis)',
      roles: ['employeur', 'gerant_ipm'],
      input: { motifResiliation: motif('Motif de la résiliation') },
    },
    'resiliation.retirer': { label: 'Retirer la résiliation', roles: ['employeur', 'gerant_ipm'] },
    'resiliation.prendreEffet': { label: 'Fin du préavis : résiliation', roles: ['systeme'] },
  },
});

export default adhesion;
