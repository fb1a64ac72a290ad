import { type EngineRules, processDefiner } from '../../define.ts';
import type { RECOUVREMENT_EFFECTS } from '../rules.ts';

// Une campagne d’appels de cotisations : les appels d’une IPM pour une période, émis par un lot. À la fin
// du jour d’échéance, un minuteur durable ouvre les relances des employeurs dont un appel échu reste
// impayé (effet ouvrir_relances, qui attend la fin du lot). Un seul dossier par IPM et période.

const defineProcess = processDefiner<{
  guards: EngineRules['guards'];
  calculations: EngineRules['calculations'];
  effects: EngineRules['effects'] & typeof RECOUVREMENT_EFFECTS;
}>();

const campagne = defineProcess({
  id: 'campagne',
  version: 1,
  title: 'Campagne d’appels de cotisations',
  description: 'Les appels de cotisations d’une IPM pour une période ; à l’échéance, les relances des impayés.',
  startRoles: ['gerant_ipm', 'agent_ipm'],
  startInput: {
    periode: { type: 'text', label: 'Période (AAAA-MM)', required: true, maxLength: 7 },
    echeance: { type: 'date', label: 'Échéance', required: true },
    lot: { type: 'text', label: 'Lot d’émission', required: true, maxLength: 60 },
  },
  initial: 'emise',
  states: {
    emise: {
      label: 'Émise, en attente de l’échéance',
      waitsFor: [],
      timers: [{ at: 'echeance', event: 'echeance.passer' }],
      on: { 'echeance.passer': { target: 'echue', effects: [{ name: 'ouvrir_relances' }] } },
    },
    echue: { label: 'Échue : relances ouvertes', terminal: true },
  },
  events: {
    'echeance.passer': { label: 'Échéance passée', roles: ['systeme'] },
  },
});

export default campagne;
