import { defineProcess } from '../../define.ts';

// Renouvellement d’un agrément : plus léger que la première demande. Le dossier est ouvert par le
// moteur quand le gérant le demande depuis son agrément en vigueur, auquel il reste lié.
// - Le gérant met à jour l’effectif et dépose les pièces du renouvellement, puis soumet ; l’effectif
//   minimum d’une IPM d’entreprise s’applique comme à la première demande.
// - L’agent examine le dossier (compléments possibles, avec délai et rappel) et le transmet au
//   directeur avec son avis ; pas d’avis de l’ICAMO.
// - Le directeur renouvelle (la validité repart de la fin de la précédente, ou d’aujourd’hui si elle est
//   passée) ou refuse. L’agrément en est informé dans les deux cas.

const PIECES = [
  { value: 'etats_financiers', label: 'États financiers du dernier exercice' },
  { value: 'effectifs', label: 'État à jour des effectifs salariés' },
  { value: 'liste_employeurs', label: 'Liste à jour des entreprises adhérentes' },
  { value: 'rapport_activite', label: 'Rapport d’activité de la période écoulée' },
];
const PIECE_VALUES = PIECES.map((p) => p.value);

const TYPES_IPM = [
  { value: 'entreprise', label: 'IPM d’entreprise' },
  { value: 'interentreprises', label: 'IPM interentreprises' },
];

const reminders = {
  remind: ['agent_ministere'],
  escalateAfter: 'delaiEscalade',
  escalateTo: ['directeur_ministere'],
} as const;

const toGerant = (modele: 'decision' | 'action_requise') =>
  ({
    name: 'notifier',
    params: { modele, destinataires: ['gerant_ipm'] },
  }) as const;

const closeOnLicence = { name: 'transmettre', params: { vers: 'parent', evenement: 'renouvellement.clore' } } as const;

const renouvellement = defineProcess({
  id: 'renouvellement',
  version: 1,
  title: 'Renouvellement d’un agrément',
  description: 'Demande de renouvellement d’un agrément en vigueur : pièces à jour, examen par le ministère, décision.',
  startRoles: ['systeme'],
  startInput: {
    numero: { type: 'text', label: 'Numéro d’agrément', required: true, maxLength: 40 },
    denomination: { type: 'text', label: 'Dénomination de l’IPM', required: true, maxLength: 200 },
    typeIpm: { type: 'choice', label: 'Type d’IPM', required: true, options: TYPES_IPM },
    effectif: { type: 'integer', label: 'Effectif salarié couvert', min: 1 },
    finValidite: { type: 'instant', label: 'Fin de validité actuelle', required: true },
  },
  settings: ['effectifMinimumIpmEntreprise', 'dureeValiditeAgrement'],
  computed: {
    nouvelleFinValidite: { type: 'instant', label: 'Nouvelle fin de validité' },
  },
  initial: 'brouillon',
  durations: {
    examen: { label: 'Examen de la demande', default: 'P15D' },
    delaiComplements: { label: 'Délai de réponse aux compléments', default: 'P30D' },
    rappelComplements: { label: 'Rappel avant la fin du délai de réponse', default: 'P5D' },
    decision: { label: 'Décision du directeur', default: 'P15D' },
    delaiEscalade: { label: 'Retard toléré avant d’alerter le directeur', default: 'P5D' },
  },
  states: {
    brouillon: {
      label: 'Brouillon',
      entry: [toGerant('action_requise')],
      on: {
        'demande.completer': { target: 'brouillon' },
        'pieces.deposer': { target: 'brouillon' },
        'dossier.soumettre': {
          target: 'soumis',
          guard: {
            name: 'toutes',
            params: {
              conditions: [
                { name: 'piecesJointes', params: { champ: 'pieces', valeurs: PIECE_VALUES } },
                {
                  name: 'seuilMinimum',
                  params: {
                    champ: 'effectif',
                    reglage: 'effectifMinimumIpmEntreprise',
                    si: { champ: 'typeIpm', valeur: 'entreprise' },
                    motif:
                      'Une IPM d’entreprise doit couvrir au moins {seuil} salariés, et l’effectif déclaré est ' +
                      'inférieur : l’agrément ne peut pas être renouvelé ; l’entreprise doit adhérer à une IPM interentreprises.',
                  },
                },
              ],
            },
          },
        },
        'dossier.abandonner': { target: 'abandonne', effects: [closeOnLicence] },
      },
    },
    soumis: {
      label: 'Soumis, à examiner',
      targetDuration: 'examen',
      overdue: reminders,
      entry: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
      on: {
        'examen.conclure': {
          target: 'en_decision',
          guard: { name: 'listeComplete', params: { champ: 'piecesVerifiees', valeurs: PIECE_VALUES } },
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['directeur_ministere'] } }],
        },
        'examen.demanderComplements': {
          target: 'complements_demandes',
          effects: [
            { name: 'generer_document', params: { modele: 'demande_complements' } },
            toGerant('action_requise'),
          ],
        },
      },
    },
    complements_demandes: {
      label: 'Compléments demandés',
      targetDuration: 'delaiComplements',
      timers: [
        { after: 'delaiComplements', event: 'delai.expirer', warnBefore: 'rappelComplements', warn: ['gerant_ipm'] },
      ],
      on: {
        'demande.completer': { target: 'complements_demandes' },
        'pieces.deposer': { target: 'complements_demandes' },
        'complements.repondre': { target: 'soumis' },
        'delai.expirer': { target: 'classe_sans_suite', effects: [closeOnLicence, toGerant('decision')] },
      },
    },
    en_decision: {
      label: 'En attente de la décision du directeur',
      targetDuration: 'decision',
      overdue: { remind: ['directeur_ministere'] },
      on: {
        'decision.renouveler': {
          target: 'renouvele',
          set: {
            nouvelleFinValidite: {
              name: 'echeance',
              params: { depuis: ['finValidite', 'instant'], duree: 'dureeValiditeAgrement' },
            },
          },
          effects: [
            { name: 'generer_document', params: { modele: 'decision_renouvellement' } },
            {
              name: 'transmettre',
              params: {
                vers: 'parent',
                evenement: 'licence.renouveler',
                donnees: { finValidite: 'nouvelleFinValidite' },
              },
            },
            toGerant('decision'),
          ],
        },
        'decision.refuser': {
          target: 'refuse',
          effects: [
            { name: 'generer_document', params: { modele: 'refus_renouvellement' } },
            closeOnLicence,
            toGerant('decision'),
          ],
        },
      },
    },
    renouvele: { label: 'Agrément renouvelé', terminal: true },
    refuse: { label: 'Renouvellement refusé', terminal: true },
    classe_sans_suite: { label: 'Classé sans suite', terminal: true },
    abandonne: { label: 'Abandonné par le demandeur', terminal: true },
  },
  events: {
    'demande.completer': {
      label: 'Mettre à jour la demande',
      roles: ['gerant_ipm'],
      input: {
        effectif: { type: 'integer', label: 'Effectif salarié couvert', min: 1 },
        observationsDemandeur: {
          type: 'text',
          label: 'Évolutions depuis l’agrément (gouvernance, adhérents, prestations)',
          maxLength: 4000,
          multiline: true,
        },
      },
    },
    'pieces.deposer': {
      label: 'Déposer une pièce',
      roles: ['gerant_ipm'],
      input: { pieces: { type: 'pieces', label: 'Pièces du dossier', required: true, options: PIECES } },
    },
    'dossier.soumettre': { label: 'Soumettre la demande', roles: ['gerant_ipm'] },
    'dossier.abandonner': { label: 'Abandonner la demande', roles: ['gerant_ipm'] },
    'examen.conclure': {
      label: 'Transmettre au directeur',
      roles: ['agent_ministere'],
      input: {
        piecesVerifiees: {
          type: 'multichoice',
          label: 'Pièces vérifiées et conformes',
          required: true,
          options: PIECES,
        },
        rapportInstruction: {
          type: 'text',
          label: 'Avis de l’agent',
          required: true,
          minLength: 10,
          maxLength: 8000,
          multiline: true,
        },
      },
    },
    'examen.demanderComplements': {
      label: 'Demander des compléments',
      roles: ['agent_ministere'],
      input: {
        piecesARevoir: { type: 'multichoice', label: 'Pièces à fournir à nouveau', options: PIECES },
        complementsDemandes: {
          type: 'text',
          label: 'Compléments demandés',
          required: true,
          minLength: 10,
          maxLength: 2000,
          multiline: true,
        },
      },
    },
    'complements.repondre': {
      label: 'Répondre à la demande de compléments',
      roles: ['gerant_ipm'],
      input: {
        reponseComplements: { type: 'text', label: 'Réponse', required: true, maxLength: 4000, multiline: true },
      },
    },
    'delai.expirer': { label: 'Expiration du délai de réponse', roles: ['systeme'] },
    'decision.renouveler': {
      label: 'Renouveler l’agrément',
      roles: ['directeur_ministere'],
      input: { observations: { type: 'text', label: 'Observations', maxLength: 2000, multiline: true } },
    },
    'decision.refuser': {
      label: 'Refuser le renouvellement',
      roles: ['directeur_ministere'],
      input: {
        motifRefus: {
          type: 'text',
          label: 'Motif du refus',
          required: true,
          minLength: 10,
          maxLength: 4000,
          multiline: true,
        },
      },
    },
  },
});

export default renouvellement;
