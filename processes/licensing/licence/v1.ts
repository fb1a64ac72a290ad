import { defineProcess } from '../../define.ts';

// Un agrément en vigueur : la vie d’une licence après sa délivrance, telle que la montre le registre
// public. Le dossier est ouvert par le moteur quand le directeur accorde un agrément, avec son numéro
// et sa période de validité.
// - Le gérant est rappelé avant l’expiration (délais configurables) ; sans renouvellement, l’agrément
//   expire à sa date.
// - Le gérant demande le renouvellement : un dossier de renouvellement, lié à l’agrément, est ouvert.
//   Pendant son instruction l’agrément reste en vigueur ; accordé, il prolonge la validité ; refusé ou
//   abandonné, l’agrément reprend son cours (et expire à sa date si elle est passée).
// - Le directeur peut suspendre l’agrément (motif, et s’il le veut une date de fin : la suspension est
//   alors levée d’elle-même le lendemain de cette date), lever la suspension, ou retirer l’agrément.

const TYPES_IPM = [
  { value: 'entreprise', label: 'IPM d’entreprise' },
  { value: 'interentreprises', label: 'IPM interentreprises' },
];

const toGerant = (modele: 'decision' | 'action_requise') =>
  ({
    name: 'notifier',
    params: { modele, destinataires: ['gerant_ipm'] },
  }) as const;

const licence = defineProcess({
  id: 'licence',
  version: 1,
  title: 'Agrément en vigueur',
  description:
    'Un agrément accordé : numéro, validité, rappels avant expiration, renouvellement, suspension et retrait. ' +
    'Inscrit au registre public des IPM agréées.',
  startRoles: ['systeme'],
  startInput: {
    numero: { type: 'text', label: 'Numéro d’agrément', required: true, maxLength: 40 },
    denomination: { type: 'text', label: 'Dénomination de l’IPM', required: true, maxLength: 200 },
    sigle: { type: 'text', label: 'Sigle', maxLength: 30 },
    typeIpm: { type: 'choice', label: 'Type d’IPM', required: true, options: TYPES_IPM },
    adresseSiege: { type: 'text', label: 'Adresse du siège', maxLength: 300 },
    effectif: { type: 'integer', label: 'Effectif salarié couvert', min: 1 },
    debutValidite: { type: 'instant', label: 'Début de validité', required: true },
    finValidite: { type: 'instant', label: 'Fin de validité', required: true },
  },
  computed: {
    renouveleLe: { type: 'instant', label: 'Renouvelé le' },
  },
  initial: 'en_vigueur',
  durations: {
    premierRappelRenouvellement: { label: 'Premier rappel avant l’expiration', default: 'P180D' },
    deuxiemeRappelRenouvellement: { label: 'Deuxième rappel avant l’expiration', default: 'P90D' },
    dernierRappelRenouvellement: { label: 'Dernier rappel avant l’expiration', default: 'P30D' },
  },
  states: {
    en_vigueur: {
      label: 'En vigueur',
      // The gérant may ask for a renewal and the director may suspend at any time: no one's pending work.
      waitsFor: [],
      timers: [
        {
          at: 'finValidite',
          event: 'licence.expirer',
          warnBefore: ['premierRappelRenouvellement', 'deuxiemeRappelRenouvellement', 'dernierRappelRenouvellement'],
          warn: ['gerant_ipm'],
          warnWith: 'licence_expire',
        },
      ],
      on: {
        'renouvellement.demander': {
          target: 'renouvellement_en_cours',
          effects: [
            {
              name: 'ouvrir_dossier',
              params: {
                processus: 'renouvellement',
                donnees: {
                  numero: 'numero',
                  denomination: 'denomination',
                  typeIpm: 'typeIpm',
                  effectif: 'effectif',
                  finValidite: 'finValidite',
                },
              },
            },
          ],
        },
        'licence.suspendre': {
          target: 'suspendu',
          guard: { name: 'dateFuture', params: { champ: 'finSuspension' } },
          effects: [{ name: 'generer_document', params: { modele: 'decision_suspension' } }, toGerant('decision')],
        },
        'licence.retirer': {
          target: 'retire',
          effects: [{ name: 'generer_document', params: { modele: 'decision_retrait' } }, toGerant('decision')],
        },
        'licence.expirer': { target: 'expire', effects: [toGerant('decision')] },
      },
    },
    renouvellement_en_cours: {
      label: 'En vigueur, renouvellement en cours',
      // The work is in the renewal case.
      waitsFor: [],
      on: {
        'licence.renouveler': {
          target: 'en_vigueur',
          set: { renouveleLe: { name: 'instant' } },
          effects: [toGerant('decision')],
        },
        'renouvellement.clore': { target: 'en_vigueur' },
        'licence.retirer': {
          target: 'retire',
          effects: [{ name: 'generer_document', params: { modele: 'decision_retrait' } }, toGerant('decision')],
        },
      },
    },
    suspendu: {
      label: 'Suspendu',
      waitsFor: [],
      timers: [
        { at: 'finSuspension', event: 'suspension.terminer' },
        { at: 'finValidite', event: 'licence.expirer' },
      ],
      on: {
        'licence.retablir': {
          target: 'en_vigueur',
          set: { finSuspension: { name: 'vide' } },
          effects: [toGerant('decision')],
        },
        'suspension.terminer': {
          target: 'en_vigueur',
          set: { finSuspension: { name: 'vide' } },
          effects: [toGerant('decision')],
        },
        'licence.retirer': {
          target: 'retire',
          effects: [{ name: 'generer_document', params: { modele: 'decision_retrait' } }, toGerant('decision')],
        },
        'licence.expirer': { target: 'expire', effects: [toGerant('decision')] },
      },
    },
    expire: { label: 'Expiré', terminal: true },
    retire: { label: 'Retiré', terminal: true },
  },
  events: {
    'renouvellement.demander': {
      label: 'Demander le renouvellement',
      roles: ['gerant_ipm'],
      publicLabel: 'Renouvellement demandé',
    },
    'licence.renouveler': {
      label: 'Agrément renouvelé',
      roles: ['systeme'],
      fromLinkedCase: true,
      publicLabel: 'Agrément renouvelé',
      input: { finValidite: { type: 'instant', label: 'Fin de validité', required: true } },
    },
    'renouvellement.clore': {
      label: 'Demande de renouvellement close sans renouvellement',
      roles: ['systeme'],
      fromLinkedCase: true,
      publicLabel: 'Demande de renouvellement close sans renouvellement',
    },
    'licence.suspendre': {
      label: 'Suspendre l’agrément',
      roles: ['directeur_ministere'],
      publicLabel: 'Agrément suspendu',
      input: {
        motifSuspension: {
          type: 'text',
          label: 'Motif de la suspension',
          required: true,
          minLength: 10,
          maxLength: 4000,
          multiline: true,
        },
        finSuspension: { type: 'date', label: 'Suspendu jusqu’au (inclus)' },
      },
    },
    'licence.retablir': {
      label: 'Lever la suspension',
      roles: ['directeur_ministere'],
      publicLabel: 'Suspension levée',
      input: { observations: { type: 'text', label: 'Observations', maxLength: 2000, multiline: true } },
    },
    'suspension.terminer': {
      label: 'Fin de la suspension',
      roles: ['systeme'],
      publicLabel: 'Suspension levée à son terme',
    },
    'licence.retirer': {
      label: 'Retirer l’agrément',
      roles: ['directeur_ministere'],
      publicLabel: 'Agrément retiré',
      input: {
        motifRetrait: {
          type: 'text',
          label: 'Motif du retrait',
          required: true,
          minLength: 10,
          maxLength: 4000,
          multiline: true,
        },
      },
    },
    'licence.expirer': { label: 'Expiration de l’agrément', roles: ['systeme'], publicLabel: 'Agrément expiré' },
  },
});

export default licence;
