import { processDefiner } from '../../define.ts';
import type { PecRules } from '../rules.ts';

// Version 2 de la prise en charge : comme la version 1, et l’IPM est prévenue. Le dossier est celui du
// prestataire, si bien que `notifier` n’atteindrait que lui : l’effet `notifier_ipm` écrit aux agents
// et au gérant de l’IPM quand une demande attend leur décision (à instruire, avis du médecin-conseil),
// puis une seule fois quand elle l’attend depuis plus que la durée de l’étape (minuteur `pec.relancer`,
// qui laisse la demande à son étape). La version 1 reste pour les dossiers ouverts avant.

const defineProcess = processDefiner<PecRules>();

const motif = (label: string) =>
  ({ type: 'text', label, required: true, minLength: 5, maxLength: 2000, multiline: true }) as const;

const IPM = ['agent_ipm', 'gerant_ipm'] as const;

const accorder = {
  target: 'accordee',
  set: {
    accordeeLe: { name: 'instant' },
    finValidite: { name: 'echeance', params: { depuis: ['datePrevue', 'instant'], duree: 'pecDureeValidite' } },
  },
  effects: [{ name: 'lettre_pec', params: { issue: 'accord' } }],
} as const;

const refuser = {
  target: 'refusee',
  effects: [{ name: 'lettre_pec', params: { issue: 'refus' } }],
} as const;

const annuler = { target: 'annulee' } as const;

/** The IPM told that the request now waits for its decision or its adviser's opinion. */
const aDecider = { name: 'notifier_ipm', params: { modele: 'pec_a_decider' } } as const;

/** Once the step overruns its duration: the IPM reminded, the request left where it is (its timer fires once). */
const relancer = (state: 'avis_medecin' | 'a_instruire') =>
  ({ target: state, effects: [{ name: 'notifier_ipm', params: { modele: 'pec_en_retard' } }] }) as const;

const pec = defineProcess({
  id: 'pec',
  version: 2,
  title: 'Prise en charge (PEC)',
  description:
    'Demande d’un prestataire pour un acte à une date prévue, contrôles préalables (droits, panier de soins, ' +
    'convention, tarif), accord automatique sous un plafond ou décision de l’IPM (avec l’avis du médecin-conseil ' +
    'si le panier l’exige), lettre numérotée, puis consommation, expiration ou annulation.',
  startRoles: ['agent_ps'],
  settings: ['pecPlafondAccordAutomatique', 'pecDureeValidite'],
  startInput: {
    demande: { type: 'text', label: 'Demande (identifiant)', required: true, maxLength: 60 },
    ipm: { type: 'text', label: 'IPM (identifiant)', required: true, maxLength: 100 },
    datePrevue: { type: 'date', label: 'Date prévue de l’acte', required: true },
    montantPrisEnCharge: { type: 'montant', label: 'Montant pris en charge (FCFA)', required: true, min: 0 },
    avisMedecinRequis: { type: 'boolean', label: 'Avis du médecin-conseil exigé' },
  },
  computed: {
    accordeeLe: { type: 'instant', label: 'Accordée le' },
    finValidite: { type: 'instant', label: 'Fin de validité' },
  },
  durations: {
    conclusionControles: { label: 'Reprise des contrôles préalables restés sans suite', default: 'PT2M' },
    instruction: { label: 'Instruction par l’IPM', default: 'P2D' },
    avisMedecin: { label: 'Avis du médecin-conseil', default: 'P2D' },
  },
  initial: 'demande',
  states: {
    demande: {
      label: 'Contrôles préalables',
      waitsFor: [],
      // The service concludes at once; the timer only picks up a request whose service stopped midway.
      timers: [{ after: 'conclusionControles', event: 'controles.conclure' }],
      on: {
        'controles.conclure': [
          {
            ...accorder,
            guard: {
              name: 'toutes',
              params: {
                conditions: [
                  {
                    name: 'montantAuPlus',
                    params: { champ: 'montantPrisEnCharge', reglage: 'pecPlafondAccordAutomatique' },
                  },
                  {
                    name: 'champFaux',
                    params: { champ: 'avisMedecinRequis', motif: 'L’avis du médecin-conseil est exigé.' },
                  },
                ],
              },
            },
          },
          {
            target: 'avis_medecin',
            effects: [aDecider],
            guard: { name: 'champVrai', params: { champ: 'avisMedecinRequis', motif: 'Aucun avis n’est exigé.' } },
          },
          { target: 'a_instruire', effects: [aDecider] },
        ],
        'pec.annuler': annuler,
      },
    },
    avis_medecin: {
      label: 'Avis du médecin-conseil',
      waitsFor: ['agent_ipm'],
      targetDuration: 'avisMedecin',
      timers: [{ after: 'avisMedecin', event: 'pec.relancer' }],
      on: {
        'avis.donner': { target: 'a_instruire', effects: [aDecider] },
        'pec.relancer': relancer('avis_medecin'),
        'pec.annuler': annuler,
      },
    },
    a_instruire: {
      label: 'À instruire par l’IPM',
      waitsFor: ['agent_ipm'],
      targetDuration: 'instruction',
      timers: [{ after: 'instruction', event: 'pec.relancer' }],
      on: {
        'pec.relancer': relancer('a_instruire'),
        'pec.accorder': accorder,
        'pec.refuser': refuser,
        'pec.annuler': annuler,
      },
    },
    accordee: {
      label: 'Accordée',
      waitsFor: [],
      timers: [{ at: 'finValidite', event: 'pec.expirer' }],
      on: {
        'pec.consommer': { target: 'consommee' },
        'pec.expirer': { target: 'expiree' },
        'pec.annuler': annuler,
      },
    },
    refusee: { label: 'Refusée', terminal: true },
    consommee: { label: 'Consommée par une feuille de soins', terminal: true },
    expiree: { label: 'Expirée', terminal: true },
    annulee: { label: 'Annulée', terminal: true },
  },
  events: {
    // Sent by the request's service once the case is open (as a linked case would), or by the timer.
    'controles.conclure': { label: 'Conclure les contrôles préalables', roles: ['systeme'], fromLinkedCase: true },
    'avis.donner': {
      label: 'Donner l’avis du médecin-conseil',
      roles: ['agent_ipm'],
      input: {
        avisMedecin: {
          type: 'choice',
          label: 'Avis du médecin-conseil',
          required: true,
          options: [
            { value: 'favorable', label: 'Favorable' },
            { value: 'defavorable', label: 'Défavorable' },
          ],
        },
        observationsMedecin: { type: 'text', label: 'Observations', maxLength: 2000, multiline: true },
      },
    },
    'pec.accorder': {
      label: 'Accorder la prise en charge',
      roles: [...IPM],
      input: { observations: { type: 'text', label: 'Observations', maxLength: 2000, multiline: true } },
    },
    'pec.refuser': {
      label: 'Refuser la prise en charge',
      roles: [...IPM],
      input: { motifRefus: motif('Motif du refus') },
    },
    'pec.consommer': {
      label: 'Consommer par une feuille de soins',
      roles: ['systeme'],
      fromLinkedCase: true,
      input: { feuilleDeSoins: { type: 'text', label: 'Feuille de soins', required: true, maxLength: 100 } },
    },
    'pec.expirer': { label: 'Fin de la fenêtre de validité', roles: ['systeme'] },
    'pec.relancer': { label: 'Relancer l’IPM', roles: ['systeme'] },
    'pec.annuler': {
      label: 'Annuler la prise en charge',
      roles: ['agent_ps', ...IPM],
      input: { motifAnnulation: motif('Motif de l’annulation') },
    },
  },
});

export default pec;
