import { defineProcess } from '../../define.ts';

// Agrément d’une IPM, version 3 : la demande complète, de bout en bout.
// - Le gérant ouvre la demande, la complète (entreprises adhérentes, gouvernance, projections) et dépose
//   chaque pièce de la liste avant de soumettre. Une IPM d’entreprise sous l’effectif minimum (réglage)
//   ne peut pas soumettre : elle doit rejoindre une IPM interentreprises.
// - L’agent du ministère examine la recevabilité, pièce par pièce : recevable, ou compléments demandés
//   avec un délai ; le gérant est relancé avant l’échéance ; sans réponse, le dossier est classé sans suite.
// - L’agent instruit, avec s’il le souhaite l’avis de l’ICAMO (qui a son propre délai), puis transmet
//   son rapport au directeur, qui accorde (décision, numéro d’agrément, inscription au registre) ou
//   refuse (lettre motivée). Chaque étape a un délai cible : relance de l’agent, puis alerte du directeur.
// Les dossiers ouverts en version 1 ou 2 gardent leur version jusqu’au bout.

export const PIECES = [
  { value: 'statuts', label: 'Statuts de l’IPM' },
  { value: 'liste_employeurs', label: 'Liste des entreprises adhérentes' },
  { value: 'effectifs', label: 'État des effectifs salariés' },
  { value: 'projections_financieres', label: 'Projections financières' },
  { value: 'gouvernance', label: 'Procès-verbal de constitution des organes de gouvernance' },
];

const PIECE_VALUES = PIECES.map((p) => p.value);

const TYPES_IPM = [
  { value: 'entreprise', label: 'IPM d’entreprise' },
  { value: 'interentreprises', label: 'IPM interentreprises' },
];

/** The parts of the application, filled in at opening or while the application is a draft. */
const APPLICATION = {
  denomination: { type: 'text', label: 'Dénomination de l’IPM', maxLength: 200 },
  sigle: { type: 'text', label: 'Sigle', maxLength: 30 },
  typeIpm: { type: 'choice', label: 'Type d’IPM', options: TYPES_IPM },
  adresseSiege: { type: 'text', label: 'Adresse du siège', maxLength: 300 },
  effectif: { type: 'integer', label: 'Effectif salarié couvert', min: 1 },
  nombreEntreprises: { type: 'integer', label: 'Nombre d’entreprises adhérentes', min: 1 },
  entreprisesAdherentes: {
    type: 'text',
    label: 'Entreprises adhérentes (une par ligne : raison sociale, n° CSS/IPRES, effectif)',
    maxLength: 20000,
    multiline: true,
  },
  gouvernance: {
    type: 'text',
    label: 'Organes de gouvernance (conseil d’administration, commission de contrôle, gérant)',
    maxLength: 4000,
    multiline: true,
  },
  cotisationsAnnuelles: { type: 'montant', label: 'Cotisations annuelles prévues' },
  prestationsAnnuelles: { type: 'montant', label: 'Prestations annuelles prévues' },
  fraisGestionAnnuels: { type: 'montant', label: 'Frais de gestion annuels prévus' },
} as const;

const REQUIRED_TO_SUBMIT = [
  'adresseSiege',
  'nombreEntreprises',
  'entreprisesAdherentes',
  'gouvernance',
  'cotisationsAnnuelles',
  'prestationsAnnuelles',
] as const;

const reminders = {
  remind: ['agent_ministere'],
  escalateAfter: 'delaiEscalade',
  escalateTo: ['directeur_ministere'],
} as const;

const SUBMISSION_GUARD = {
  name: 'toutes',
  params: {
    conditions: [
      { name: 'champsRemplis', params: { champs: REQUIRED_TO_SUBMIT } },
      { name: 'piecesJointes', params: { champ: 'pieces', valeurs: PIECE_VALUES } },
      {
        name: 'seuilMinimum',
        params: {
          champ: 'effectif',
          reglage: 'effectifMinimumIpmEntreprise',
          si: { champ: 'typeIpm', valeur: 'entreprise' },
          motif:
            'Une IPM d’entreprise doit couvrir au moins {seuil} salariés, et l’effectif déclaré est inférieur : ' +
            'l’entreprise doit adhérer à une IPM interentreprises (ou corrigez le type ou l’effectif de la demande).',
        },
      },
    ],
  },
} as const;

const agrement = defineProcess({
  id: 'agrement',
  version: 3,
  title: 'Agrément d’une IPM',
  description:
    'Demande d’agrément d’une Institution de Prévoyance Maladie auprès du ministère : dépôt, recevabilité, ' +
    'instruction avec l’avis de l’ICAMO s’il est demandé, décision du directeur, inscription au registre.',
  startRoles: ['gerant_ipm'],
  startInput: {
    denomination: { ...APPLICATION.denomination, required: true },
    sigle: APPLICATION.sigle,
    typeIpm: { ...APPLICATION.typeIpm, required: true },
    adresseSiege: { ...APPLICATION.adresseSiege, required: true },
    effectif: { ...APPLICATION.effectif, required: true },
  },
  settings: ['effectifMinimumIpmEntreprise', 'dureeValiditeAgrement'],
  computed: {
    debutValidite: { type: 'instant', label: 'Début de validité' },
    finValidite: { type: 'instant', label: 'Fin de validité' },
  },
  initial: 'brouillon',
  durations: {
    examenRecevabilite: { label: 'Examen de la recevabilité', default: 'P15D' },
    delaiComplements: { label: 'Délai de réponse aux compléments', default: 'P30D' },
    premierRappelComplements: { label: 'Premier rappel avant la fin du délai de réponse', default: 'P10D' },
    dernierRappelComplements: { label: 'Dernier rappel avant la fin du délai de réponse', default: 'P3D' },
    instruction: { label: 'Instruction technique', default: 'P45D' },
    delaiAvisIcamo: { label: 'Délai de l’ICAMO pour rendre son avis', default: 'P21D' },
    examenAvisIcamo: { label: 'Avis de l’ICAMO (délai cible)', default: 'P14D' },
    preavisAvisIcamo: { label: 'Rappel à l’ICAMO avant la fin de son délai', default: 'P3D' },
    decision: { label: 'Décision du directeur', default: 'P15D' },
    delaiEscalade: { label: 'Retard toléré avant d’alerter le responsable', default: 'P5D' },
  },
  states: {
    brouillon: {
      label: 'Brouillon',
      on: {
        'demande.completer': { target: 'brouillon' },
        'pieces.deposer': { target: 'brouillon' },
        'dossier.soumettre': { target: 'soumis', guard: SUBMISSION_GUARD },
        'dossier.abandonner': { target: 'abandonne' },
      },
    },
    soumis: {
      label: 'Soumis, recevabilité à examiner',
      targetDuration: 'examenRecevabilite',
      overdue: reminders,
      entry: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
      on: {
        'recevabilite.valider': {
          target: 'en_instruction',
          guard: { name: 'listeComplete', params: { champ: 'piecesVerifiees', valeurs: PIECE_VALUES } },
        },
        'recevabilite.demanderComplements': {
          target: 'complements_demandes',
          effects: [
            { name: 'generer_document', params: { modele: 'demande_complements' } },
            { name: 'notifier', params: { modele: 'action_requise', destinataires: ['gerant_ipm'] } },
          ],
        },
      },
    },
    complements_demandes: {
      label: 'Compléments demandés',
      targetDuration: 'delaiComplements',
      timers: [
        {
          after: 'delaiComplements',
          event: 'delai.expirer',
          warnBefore: ['premierRappelComplements', 'dernierRappelComplements'],
          warn: ['gerant_ipm'],
        },
      ],
      on: {
        'demande.completer': { target: 'complements_demandes' },
        'pieces.deposer': { target: 'complements_demandes' },
        'complements.repondre': { target: 'soumis' },
        'dossier.abandonner': { target: 'abandonne' },
        'delai.expirer': {
          target: 'classe_sans_suite',
          effects: [{ name: 'notifier', params: { modele: 'decision', destinataires: ['gerant_ipm'] } }],
        },
      },
    },
    en_instruction: {
      label: 'En instruction',
      targetDuration: 'instruction',
      overdue: reminders,
      on: {
        'avis.demander': {
          target: 'avis_icamo',
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['analyste_icamo'] } }],
        },
        'recevabilite.demanderComplements': {
          target: 'complements_demandes',
          effects: [
            { name: 'generer_document', params: { modele: 'demande_complements' } },
            { name: 'notifier', params: { modele: 'action_requise', destinataires: ['gerant_ipm'] } },
          ],
        },
        'instruction.conclure': {
          target: 'en_decision',
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['directeur_ministere'] } }],
        },
      },
    },
    avis_icamo: {
      label: 'Avis de l’ICAMO demandé',
      targetDuration: 'examenAvisIcamo',
      overdue: { remind: ['analyste_icamo'], escalateAfter: 'delaiEscalade', escalateTo: ['pilotage_icamo'] },
      timers: [
        {
          after: 'delaiAvisIcamo',
          event: 'avis.expirer',
          warnBefore: 'preavisAvisIcamo',
          warn: ['analyste_icamo'],
        },
      ],
      on: {
        'avis.rendre': {
          target: 'en_instruction',
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
        },
        'avis.expirer': {
          target: 'en_instruction',
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
        },
      },
    },
    en_decision: {
      label: 'En attente de la décision du directeur',
      targetDuration: 'decision',
      overdue: { remind: ['directeur_ministere'] },
      on: {
        'decision.accorder': {
          target: 'accorde',
          set: {
            debutValidite: { name: 'instant' },
            finValidite: { name: 'echeance', params: { depuis: ['instant'], duree: 'dureeValiditeAgrement' } },
          },
          effects: [
            {
              name: 'ouvrir_dossier',
              params: {
                processus: 'licence',
                numero: 'agrement',
                donnees: {
                  denomination: 'denomination',
                  sigle: 'sigle',
                  typeIpm: 'typeIpm',
                  adresseSiege: 'adresseSiege',
                  effectif: 'effectif',
                  debutValidite: 'debutValidite',
                  finValidite: 'finValidite',
                },
              },
            },
            { name: 'generer_document', params: { modele: 'decision_agrement' } },
            { name: 'notifier', params: { modele: 'decision', destinataires: ['gerant_ipm'] } },
          ],
        },
        'decision.refuser': {
          target: 'refuse',
          effects: [
            { name: 'generer_document', params: { modele: 'lettre_refus' } },
            { name: 'notifier', params: { modele: 'decision', destinataires: ['gerant_ipm'] } },
          ],
        },
        'instruction.reprendre': {
          target: 'en_instruction',
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
        },
      },
    },
    accorde: { label: 'Agrément accordé', terminal: true },
    refuse: { label: 'Agrément refusé', terminal: true },
    classe_sans_suite: { label: 'Classé sans suite', terminal: true },
    abandonne: { label: 'Abandonné par le demandeur', terminal: true },
  },
  events: {
    'demande.completer': {
      label: 'Compléter la demande',
      roles: ['gerant_ipm'],
      input: APPLICATION,
    },
    'pieces.deposer': {
      label: 'Déposer une pièce',
      roles: ['gerant_ipm'],
      input: { pieces: { type: 'pieces', label: 'Pièces du dossier', required: true, options: PIECES } },
    },
    'dossier.soumettre': { label: 'Soumettre la demande', roles: ['gerant_ipm'] },
    'dossier.abandonner': { label: 'Abandonner la demande', roles: ['gerant_ipm'] },
    'recevabilite.valider': {
      label: 'Déclarer le dossier recevable',
      roles: ['agent_ministere'],
      input: {
        piecesVerifiees: {
          type: 'multichoice',
          label: 'Pièces vérifiées et conformes',
          required: true,
          options: PIECES,
        },
      },
    },
    'recevabilite.demanderComplements': {
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
    'avis.demander': {
      label: 'Demander l’avis de l’ICAMO',
      roles: ['agent_ministere'],
      input: {
        questionsAvis: {
          type: 'text',
          label: 'Points sur lesquels l’avis est demandé',
          required: true,
          minLength: 10,
          maxLength: 4000,
          multiline: true,
        },
      },
    },
    'avis.rendre': {
      label: 'Rendre l’avis de l’ICAMO',
      roles: ['analyste_icamo'],
      input: {
        avisIcamo: {
          type: 'choice',
          label: 'Avis de l’ICAMO',
          required: true,
          options: [
            { value: 'favorable', label: 'Favorable' },
            { value: 'reserve', label: 'Favorable avec réserves' },
            { value: 'defavorable', label: 'Défavorable' },
          ],
        },
        motivationAvis: {
          type: 'text',
          label: 'Motivation de l’avis',
          required: true,
          minLength: 10,
          maxLength: 4000,
          multiline: true,
        },
      },
    },
    'avis.expirer': { label: 'Expiration du délai de l’avis de l’ICAMO', roles: ['systeme'] },
    'instruction.conclure': {
      label: 'Transmettre au directeur',
      roles: ['agent_ministere'],
      input: {
        rapportInstruction: {
          type: 'text',
          label: 'Rapport d’instruction',
          required: true,
          minLength: 20,
          maxLength: 8000,
          multiline: true,
        },
        propositionDecision: {
          type: 'choice',
          label: 'Proposition',
          required: true,
          options: [
            { value: 'accorder', label: 'Accorder l’agrément' },
            { value: 'refuser', label: 'Refuser l’agrément' },
          ],
        },
      },
    },
    'instruction.reprendre': {
      label: 'Renvoyer en instruction',
      roles: ['directeur_ministere'],
      input: {
        motifReprise: {
          type: 'text',
          label: 'Ce qui reste à instruire',
          required: true,
          minLength: 10,
          maxLength: 2000,
          multiline: true,
        },
      },
    },
    'decision.accorder': {
      label: 'Accorder l’agrément',
      roles: ['directeur_ministere'],
      input: { observations: { type: 'text', label: 'Observations', maxLength: 2000, multiline: true } },
    },
    'decision.refuser': {
      label: 'Refuser l’agrément',
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

export default agrement;
