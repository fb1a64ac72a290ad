import { type EngineRules, processDefiner } from '../../define.ts';
import type { PORTFOLIO_CALCULATIONS } from '../calculations.ts';

/** The engine's rules, and the portfolio's own calculation (the slippage of a project's end). */
const defineProcess = processDefiner<
  EngineRules & { calculations: EngineRules['calculations'] & typeof PORTFOLIO_CALCULATIONS }
>();

// Un projet du portefeuille du SDSI (schéma directeur du système d’information de l’AMO), piloté par
// l’ICAMO. Le dossier est ouvert par l’import du portefeuille (rôle systeme), avec le plan : axe,
// phase, priorité, début et durée prévus, coût, gouvernance, acteurs et prérequis.
// - Le chef de projet (un analyste de l’ICAMO, la personne à qui le dossier est attribué) tient les
//   jalons, coche les conditions externes, dépose chaque mois un rapport d’avancement, démarre et
//   termine le projet.
// - Un projet ne démarre pas tant qu’un projet prérequis n’est pas terminé : chaque projet qui se
//   termine prévient ceux qui l’attendent. Le comité de pilotage (pilotage ICAMO) peut lever ce
//   blocage par une dérogation motivée ; il suspend, reprend, abandonne et révise le plan.
// - Rappels : avant l’échéance d’un jalon et quand elle est passée, avant la date du rapport mensuel et
//   quand il manque ; le comité est alerté après un délai. Le glissement de la fin est recalculé à chaque
//   rapport, révision du plan et à la fin du projet.

const AXES = [
  { value: '1', label: 'Axe 1 — Gouvernance du SIAMO et renforcement de l’ICAMO' },
  { value: '2', label: 'Axe 2 — Renforcement du modèle IPM' },
  { value: '3', label: 'Axe 3 — Services aux bénéficiaires et aux prestataires' },
  { value: '4', label: 'Axe 4 — Accompagnement de la transformation' },
];

const PHASES = [
  { value: 'court', label: 'Court terme' },
  { value: 'moyen', label: 'Moyen terme' },
  { value: 'long', label: 'Long terme' },
];

const MONTH = { regex: '\\d{4}-(0[1-9]|1[0-2])', message: 'un mois au format AAAA-MM est attendu (2018-03).' };

const reason = (label: string) =>
  ({ type: 'text', label, required: true, minLength: 10, maxLength: 4000, multiline: true }) as const;

/** The plan's fields, which the steering committee may revise. */
const PLAN = {
  titre: { type: 'text', label: 'Intitulé du projet', maxLength: 300 },
  axe: { type: 'choice', label: 'Axe du SDSI', options: AXES },
  phase: { type: 'choice', label: 'Phase', options: PHASES },
  priorite: { type: 'integer', label: 'Priorité', min: 1 },
  debutPrevu: { type: 'text', label: 'Début prévu (mois)', maxLength: 7, pattern: MONTH },
  dureeMois: { type: 'integer', label: 'Durée prévue (mois)', min: 1, max: 240 },
  coutFcfa: { type: 'montant', label: 'Coût prévu' },
  gouvernance: { type: 'text', label: 'Gouvernance', maxLength: 300 },
  acteurs: { type: 'text', label: 'Acteurs', maxLength: 1000 },
} as const;

const PROJECT = { numero: { type: 'integer', label: 'Projet n°', required: true, min: 1 } } as const;

const empty = (...fields: string[]): Record<string, { name: 'vide' }> =>
  Object.fromEntries(fields.map((field) => [field, { name: 'vide' }]));

/** The end's slippage, after what the transition brings: the actual end, else the latest forecast. */
const slippage = {
  glissement: {
    name: 'glissementFin',
    params: { debut: 'debutPrevu', mois: 'dureeMois', fins: ['dateFin', 'finPrevue'] },
  },
} as const;

const toChef = (modele: 'action_requise' | 'decision') =>
  ({
    name: 'notifier',
    params: { modele, destinataires: ['analyste_icamo'], responsable: true },
  }) as const;

const toCommittee = { name: 'notifier', params: { modele: 'decision', destinataires: ['pilotage_icamo'] } } as const;

const milestoneReminders = {
  label: 'Jalon',
  list: 'jalons',
  key: 'numero',
  due: 'echeance',
  done: 'atteintLe',
  name: 'nom',
  warnBefore: 'rappelJalon',
  remind: ['analyste_icamo'],
  escalateAfter: 'alerteJalon',
  escalateTo: ['pilotage_icamo'],
} as const;

const reportReminders = {
  label: 'Rapport d’avancement',
  from: 'dateDemarrage',
  day: 'jourRapportMensuel',
  list: 'rapports',
  key: 'periode',
  warnBefore: 'rappelRapport',
  remind: ['analyste_icamo'],
  escalateAfter: 'alerteRapport',
  escalateTo: ['pilotage_icamo'],
} as const;

/** Milestones, external conditions, news of a prerequisite and plan revisions: in every open state. */
const upkeep = <S extends string>(state: S) =>
  ({
    'jalon.ajouter': {
      target: state,
      set: {
        jalons: {
          name: 'ajouterElement',
          params: {
            liste: 'jalons',
            numero: 'numero',
            champs: {
              nom: 'nomJalon',
              echeance: 'echeanceJalon',
              atteintLe: 'jalonDejaAtteintLe',
              ajouteLe: 'instant',
            },
          },
        },
        ...empty('nomJalon', 'echeanceJalon', 'jalonDejaAtteintLe'),
      },
    },
    'jalon.replanifier': {
      target: state,
      guard: {
        name: 'elementExiste',
        params: {
          liste: 'jalons',
          cle: 'numero',
          champ: 'numeroJalon',
          vide: 'atteintLe',
          motif: 'Le projet n’a pas de jalon n° {valeur} encore à atteindre.',
        },
      },
      set: {
        jalons: {
          name: 'modifierElement',
          params: {
            liste: 'jalons',
            cle: 'numero',
            valeur: 'numeroJalon',
            champs: { echeance: 'nouvelleEcheance', nom: 'nouveauNom' },
          },
        },
        ...empty('numeroJalon', 'nouvelleEcheance', 'nouveauNom'),
      },
    },
    'jalon.atteindre': {
      target: state,
      guard: {
        name: 'toutes',
        params: {
          conditions: [
            {
              name: 'elementExiste',
              params: {
                liste: 'jalons',
                cle: 'numero',
                champ: 'numeroJalon',
                vide: 'atteintLe',
                motif: 'Le projet n’a pas de jalon n° {valeur} encore à atteindre.',
              },
            },
            { name: 'datePassee', params: { champ: 'dateAtteinte' } },
          ],
        },
      },
      set: {
        jalons: {
          name: 'modifierElement',
          params: { liste: 'jalons', cle: 'numero', valeur: 'numeroJalon', champs: { atteintLe: 'dateAtteinte' } },
        },
        ...empty('numeroJalon', 'dateAtteinte'),
      },
    },
    'condition.remplir': {
      target: state,
      guard: {
        name: 'elementExiste',
        params: {
          liste: 'conditions',
          cle: 'numero',
          champ: 'numeroCondition',
          vide: 'remplieLe',
          motif: 'Le projet n’a pas de condition n° {valeur} encore à remplir.',
        },
      },
      set: {
        conditions: {
          name: 'modifierElement',
          params: { liste: 'conditions', cle: 'numero', valeur: 'numeroCondition', champs: { remplieLe: 'instant' } },
        },
        ...empty('numeroCondition'),
      },
    },
    'prerequis.termine': {
      target: state,
      set: {
        prerequisEnAttente: {
          name: 'retirerElement',
          params: { liste: 'prerequisEnAttente', cle: 'numero', valeur: 'projetTermine' },
        },
        ...empty('projetTermine'),
      },
    },
    'plan.reviser': { target: state, set: slippage },
    'projet.abandonner': { target: 'abandonne', effects: [toChef('decision')] },
  }) as const;

const projet = defineProcess({
  id: 'projet',
  version: 1,
  title: 'Projet du SDSI',
  description:
    'Un projet du portefeuille du schéma directeur (SDSI) : plan, prérequis, jalons, rapports d’avancement ' +
    'mensuels, glissement ; démarrage bloqué par les projets prérequis non terminés, sauf dérogation du comité.',
  startRoles: ['systeme'],
  startInput: {
    ...PROJECT,
    ...PLAN,
    prerequisPlan: {
      type: 'text',
      label: 'Prérequis, tels que le plan les énonce',
      maxLength: 4000,
      multiline: true,
    },
    dependances: { type: 'liste', label: 'Projets prérequis', items: PROJECT },
    prerequisEnAttente: { type: 'liste', label: 'Projets prérequis non terminés', items: PROJECT },
    conditions: {
      type: 'liste',
      label: 'Conditions externes',
      items: {
        numero: { type: 'integer', label: 'N°', required: true, min: 1 },
        texte: { type: 'text', label: 'Condition', required: true, maxLength: 1000 },
        remplieLe: { type: 'instant', label: 'Remplie le' },
      },
    },
  },
  computed: {
    jalons: {
      type: 'liste',
      label: 'Jalons',
      items: {
        numero: { type: 'integer', label: 'N°' },
        nom: { type: 'text', label: 'Jalon' },
        echeance: { type: 'date', label: 'Échéance' },
        atteintLe: { type: 'date', label: 'Atteint le' },
        ajouteLe: { type: 'instant', label: 'Ajouté le' },
      },
    },
    rapports: {
      type: 'liste',
      label: 'Rapports d’avancement',
      items: {
        periode: { type: 'text', label: 'Mois' },
        avancement: { type: 'integer', label: 'Avancement (%)' },
        realisations: { type: 'text', label: 'Réalisations' },
        risques: { type: 'text', label: 'Risques' },
        prochainesEtapes: { type: 'text', label: 'Prochaines étapes' },
        finPrevue: { type: 'date', label: 'Fin prévue' },
        deposeLe: { type: 'instant', label: 'Déposé le' },
      },
    },
    prerequisLeves: { type: 'liste', label: 'Prérequis levés par dérogation', items: PROJECT },
    glissement: { type: 'text', label: 'Glissement de la fin (contre le plan)' },
  },
  settings: ['jourRapportMensuel'],
  initial: 'planifie',
  durations: {
    rappelJalon: { label: 'Rappel avant l’échéance d’un jalon', default: 'P7D' },
    alerteJalon: { label: 'Retard d’un jalon toléré avant d’alerter le comité de pilotage', default: 'P7D' },
    rappelRapport: { label: 'Rappel avant la date du rapport d’avancement mensuel', default: 'P3D' },
    alerteRapport: { label: 'Retard d’un rapport toléré avant d’alerter le comité de pilotage', default: 'P5D' },
  },
  states: {
    planifie: {
      label: 'Planifié',
      // Steered from the portfolio's pages, with reminders by mail: 27 projects would otherwise sit in
      // every ICAMO analyst's and the committee's inbox, burying the files that wait for them.
      waitsFor: [],
      listDeadlines: [milestoneReminders],
      on: {
        ...upkeep('planifie'),
        'projet.demarrer': {
          target: 'demarre',
          guard: {
            name: 'toutes',
            params: {
              conditions: [
                {
                  name: 'listeVide',
                  params: {
                    champ: 'prerequisEnAttente',
                    cle: 'numero',
                    motif:
                      'Projets prérequis non terminés : {elements}. Seul le comité de pilotage peut autoriser le ' +
                      'démarrage avant leur achèvement, par une dérogation motivée.',
                  },
                },
                { name: 'datePassee', params: { champ: 'dateDemarrage' } },
              ],
            },
          },
          effects: [toCommittee],
        },
        'prerequis.deroger': {
          target: 'planifie',
          guard: {
            name: 'champsRemplis',
            params: {
              champs: ['prerequisEnAttente'],
              motif: 'Aucun projet prérequis n’est en attente : il n’y a rien à autoriser.',
            },
          },
          set: {
            prerequisLeves: { name: 'copie', params: { champ: 'prerequisEnAttente' } },
            prerequisEnAttente: { name: 'vide' },
          },
          effects: [toChef('action_requise')],
        },
      },
    },
    demarre: {
      label: 'Démarré',
      waitsFor: [],
      listDeadlines: [milestoneReminders],
      monthlyDeadlines: [reportReminders],
      on: {
        ...upkeep('demarre'),
        'rapport.deposer': {
          target: 'demarre',
          guard: { name: 'moisEcoule', params: { champ: 'periode', depuis: 'dateDemarrage' } },
          set: {
            rapports: {
              name: 'ajouterElement',
              params: {
                liste: 'rapports',
                cle: 'periode',
                champs: {
                  periode: 'periode',
                  avancement: 'avancement',
                  realisations: 'realisations',
                  risques: 'risques',
                  prochainesEtapes: 'prochainesEtapes',
                  finPrevue: 'finPrevue',
                  deposeLe: 'instant',
                },
              },
            },
            ...slippage,
            ...empty('periode'),
          },
        },
        'projet.suspendre': { target: 'suspendu', effects: [toChef('decision')] },
        'projet.terminer': {
          target: 'termine',
          guard: { name: 'datePassee', params: { champ: 'dateFin' } },
          set: slippage,
          effects: [
            {
              name: 'transmettre_aux_dependants',
              params: {
                evenement: 'prerequis.termine',
                liste: 'prerequisEnAttente',
                cle: 'numero',
                valeur: 'numero',
                donnees: { projetTermine: 'numero' },
              },
            },
            toCommittee,
          ],
        },
      },
    },
    suspendu: {
      label: 'Suspendu',
      waitsFor: [],
      on: {
        ...upkeep('suspendu'),
        'projet.reprendre': { target: 'demarre', effects: [toChef('decision')] },
      },
    },
    termine: { label: 'Terminé', terminal: true },
    abandonne: { label: 'Abandonné', terminal: true },
  },
  events: {
    'projet.demarrer': {
      label: 'Démarrer le projet',
      roles: ['analyste_icamo'],
      input: { dateDemarrage: { type: 'date', label: 'Date de démarrage effective', required: true } },
    },
    'prerequis.deroger': {
      label: 'Autoriser le démarrage malgré les prérequis (dérogation)',
      roles: ['pilotage_icamo'],
      input: { motifDerogation: reason('Motif de la dérogation du comité de pilotage') },
    },
    'prerequis.termine': {
      label: 'Projet prérequis terminé',
      roles: ['systeme'],
      fromLinkedCase: true,
      input: { projetTermine: { type: 'integer', label: 'Projet prérequis terminé', required: true, min: 1 } },
    },
    'condition.remplir': {
      label: 'Cocher une condition externe remplie',
      roles: ['analyste_icamo'],
      input: { numeroCondition: { type: 'integer', label: 'N° de la condition', required: true, min: 1 } },
    },
    'jalon.ajouter': {
      label: 'Ajouter un jalon',
      roles: ['analyste_icamo'],
      input: {
        nomJalon: { type: 'text', label: 'Jalon', required: true, maxLength: 300 },
        echeanceJalon: { type: 'date', label: 'Échéance du jalon', required: true },
        jalonDejaAtteintLe: { type: 'date', label: 'Déjà atteint le (s’il l’est)' },
      },
    },
    'jalon.replanifier': {
      label: 'Replanifier un jalon',
      roles: ['analyste_icamo'],
      input: {
        numeroJalon: { type: 'integer', label: 'N° du jalon', required: true, min: 1 },
        nouvelleEcheance: { type: 'date', label: 'Nouvelle échéance', required: true },
        nouveauNom: { type: 'text', label: 'Nouvel intitulé (s’il change)', maxLength: 300 },
      },
    },
    'jalon.atteindre': {
      label: 'Marquer un jalon atteint',
      roles: ['analyste_icamo'],
      input: {
        numeroJalon: { type: 'integer', label: 'N° du jalon', required: true, min: 1 },
        dateAtteinte: { type: 'date', label: 'Atteint le', required: true },
      },
    },
    'rapport.deposer': {
      label: 'Déposer le rapport d’avancement mensuel',
      roles: ['analyste_icamo'],
      input: {
        periode: { type: 'text', label: 'Mois rapporté (AAAA-MM)', required: true, maxLength: 7, pattern: MONTH },
        avancement: { type: 'integer', label: 'Avancement (%)', required: true, min: 0, max: 100 },
        realisations: { type: 'text', label: 'Réalisations du mois', required: true, maxLength: 4000, multiline: true },
        risques: { type: 'text', label: 'Risques (un par ligne)', maxLength: 4000, multiline: true },
        prochainesEtapes: { type: 'text', label: 'Prochaines étapes', maxLength: 4000, multiline: true },
        finPrevue: { type: 'date', label: 'Fin prévue du projet (prévision)' },
      },
    },
    'plan.reviser': {
      label: 'Réviser le plan du projet',
      roles: ['pilotage_icamo'],
      input: { ...PLAN, motifRevision: reason('Motif de la révision (décision du comité)') },
    },
    'projet.suspendre': {
      label: 'Suspendre le projet',
      roles: ['pilotage_icamo'],
      input: { motifSuspension: reason('Motif de la suspension') },
    },
    'projet.reprendre': {
      label: 'Reprendre le projet',
      roles: ['pilotage_icamo'],
      input: { observationsReprise: { type: 'text', label: 'Observations', maxLength: 2000, multiline: true } },
    },
    'projet.terminer': {
      label: 'Terminer le projet',
      roles: ['analyste_icamo'],
      input: {
        dateFin: { type: 'date', label: 'Date de fin effective', required: true },
        bilan: { type: 'text', label: 'Bilan', maxLength: 8000, multiline: true },
      },
    },
    'projet.abandonner': {
      label: 'Abandonner le projet',
      roles: ['pilotage_icamo'],
      input: { motifAbandon: reason('Motif de l’abandon') },
    },
  },
});

export default projet;
