import { processDefiner } from '../../define.ts';
import type { DoublonRules } from '../doublon-rules.ts';

// Un doublon entre deux IPM : un même NIN inscrit à une seconde IPM alors qu’il est affilié à une
// première. Rien n’est écrasé : l’inscription attend (table DuplicateConflict, identité chiffrée) et
// l’ICAMO arbitre — garder la première affiliation, transférer l’assuré à la seconde IPM à une date,
// ou rejeter l’inscription. Le dossier appartient à la seconde IPM, qui peut apporter ses
// observations ; ses données ne portent que des identifiants (le conflit, les deux IPM), jamais le NIN
// ni le nom.

const defineProcess = processDefiner<DoublonRules>();

const toIpm = { name: 'notifier', params: { modele: 'decision', destinataires: ['gerant_ipm'] } } as const;

const doublon = defineProcess({
  id: 'doublon',
  version: 1,
  title: 'Doublon entre deux IPM',
  description:
    'Un même NIN inscrit à deux IPM : l’inscription à la seconde attend l’arbitrage de l’ICAMO (garder la première, transférer, rejeter).',
  startRoles: ['systeme'],
  startInput: {
    conflit: { type: 'text', label: 'Conflit', required: true, maxLength: 60 },
    ipmPremiere: { type: 'text', label: 'IPM de la première affiliation', required: true, maxLength: 60 },
    ipmSeconde: { type: 'text', label: 'IPM de la nouvelle inscription', required: true, maxLength: 60 },
  },
  initial: 'arbitrage',
  durations: {
    arbitrage: { label: 'Arbitrage par l’ICAMO', default: 'P15D' },
  },
  states: {
    arbitrage: {
      label: 'En arbitrage par l’ICAMO',
      targetDuration: 'arbitrage',
      entry: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['analyste_icamo'] } }],
      on: {
        'doublon.observer': { target: 'arbitrage' },
        'doublon.garderPremiere': {
          target: 'garde_premiere',
          effects: [{ name: 'resoudre_doublon', params: { issue: 'garde_premiere' } }, toIpm],
        },
        'doublon.transferer': {
          target: 'transfere',
          guard: { name: 'dateFuture', params: { champ: 'dateTransfert' } },
          effects: [{ name: 'resoudre_doublon', params: { issue: 'transfere' } }, toIpm],
        },
        'doublon.rejeter': {
          target: 'rejete',
          effects: [{ name: 'resoudre_doublon', params: { issue: 'rejete' } }, toIpm],
        },
      },
    },
    garde_premiere: { label: 'Première affiliation gardée', terminal: true },
    transfere: { label: 'Transféré à la seconde IPM', terminal: true },
    rejete: { label: 'Inscription rejetée', terminal: true },
  },
  events: {
    'doublon.observer': {
      label: 'Apporter des observations',
      roles: ['gerant_ipm', 'agent_ipm'],
      input: { observations: { type: 'text', label: 'Observations', required: true, minLength: 3, maxLength: 2000 } },
    },
    'doublon.garderPremiere': {
      label: 'Garder la première affiliation',
      roles: ['analyste_icamo'],
      input: { motif: { type: 'text', label: 'Motif', required: true, minLength: 3, maxLength: 2000 } },
    },
    'doublon.transferer': {
      label: 'Transférer à la seconde IPM',
      roles: ['analyste_icamo'],
      input: {
        dateTransfert: { type: 'date', label: 'Date du transfert', required: true },
        motif: { type: 'text', label: 'Motif', required: true, minLength: 3, maxLength: 2000 },
      },
    },
    'doublon.rejeter': {
      label: 'Rejeter l’inscription',
      roles: ['analyste_icamo'],
      input: { motif: { type: 'text', label: 'Motif', required: true, minLength: 3, maxLength: 2000 } },
    },
  },
});

export default doublon;
