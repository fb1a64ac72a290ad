import { defineProcess } from '../../define.ts';

// Agrément d'une IPM, version 2 : la version 1, plus les relances et les courriers. Une étape en
// retard relance l'agent du ministère puis alerte le directeur ; le gérant est prévenu avant
// l'échéance de sa réponse aux compléments ; la demande de compléments, la décision d'agrément et la
// lettre de refus sont produites en Word. Les dossiers ouverts en version 1 la gardent jusqu'au bout.

const PIECES = [
  { value: 'statuts', label: 'Statuts' },
  { value: 'liste_employeurs', label: 'Liste des entreprises adhérentes' },
  { value: 'effectifs', label: 'Effectifs' },
  { value: 'projections_financieres', label: 'Projections financières' },
  { value: 'gouvernance', label: 'Organes de gouvernance' },
];

const agrement = defineProcess({
  id: 'agrement',
  version: 2,
  title: 'Agrément d’une IPM',
  description: 'Demande d’agrément d’une Institution de Prévoyance Maladie auprès du ministère.',
  startRoles: ['gerant_ipm'],
  startInput: {
    denomination: { type: 'text', label: 'Dénomination de l’IPM', required: true, maxLength: 200 },
    typeIpm: {
      type: 'choice',
      label: 'Type d’IPM',
      required: true,
      options: [
        { value: 'entreprise', label: 'IPM d’entreprise' },
        { value: 'interentreprises', label: 'IPM interentreprises' },
      ],
    },
    effectif: { type: 'integer', label: 'Effectif salarié couvert', required: true, min: 1 },
  },
  initial: 'brouillon',
  durations: {
    examenRecevabilite: { label: 'Examen de la recevabilité', default: 'P15D' },
    delaiComplements: { label: 'Délai de réponse aux compléments', default: 'P30D' },
    instruction: { label: 'Instruction technique', default: 'P45D' },
    delaiEscalade: { label: 'Retard toléré avant d’alerter le directeur', default: 'P5D' },
    preavisComplements: { label: 'Préavis avant la fin du délai de réponse', default: 'P5D' },
  },
  states: {
    brouillon: {
      label: 'Brouillon',
      on: {
        'dossier.soumettre': {
          target: 'soumis',
          guard: { name: 'listeComplete', params: { champ: 'pieces', valeurs: PIECES.map((p) => p.value) } },
        },
        'dossier.abandonner': { target: 'abandonne' },
      },
    },
    soumis: {
      label: 'Soumis, recevabilité à examiner',
      targetDuration: 'examenRecevabilite',
      overdue: { remind: ['agent_ministere'], escalateAfter: 'delaiEscalade', escalateTo: ['directeur_ministere'] },
      entry: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
      on: {
        'recevabilite.valider': { target: 'en_instruction' },
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
        { after: 'delaiComplements', event: 'delai.expirer', warnBefore: 'preavisComplements', warn: ['gerant_ipm'] },
      ],
      on: {
        'complements.repondre': { target: 'soumis' },
        'delai.expirer': {
          target: 'classe_sans_suite',
          effects: [{ name: 'notifier', params: { modele: 'decision', destinataires: ['gerant_ipm'] } }],
        },
      },
    },
    en_instruction: {
      label: 'En instruction',
      targetDuration: 'instruction',
      entry: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['directeur_ministere'] } }],
      overdue: { remind: ['agent_ministere'], escalateAfter: 'delaiEscalade', escalateTo: ['directeur_ministere'] },
      on: {
        'decision.accorder': {
          target: 'accorde',
          effects: [
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
      },
    },
    accorde: { label: 'Agrément accordé', terminal: true },
    refuse: { label: 'Agrément refusé', terminal: true },
    classe_sans_suite: { label: 'Classé sans suite', terminal: true },
    abandonne: { label: 'Abandonné par le demandeur', terminal: true },
  },
  events: {
    'dossier.soumettre': {
      label: 'Soumettre le dossier',
      roles: ['gerant_ipm'],
      input: {
        pieces: { type: 'multichoice', label: 'Pièces jointes au dossier', required: true, options: PIECES },
      },
    },
    'dossier.abandonner': { label: 'Abandonner la demande', roles: ['gerant_ipm'] },
    'recevabilite.valider': { label: 'Déclarer le dossier recevable', roles: ['agent_ministere'] },
    'recevabilite.demanderComplements': {
      label: 'Demander des compléments',
      roles: ['agent_ministere'],
      input: {
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
