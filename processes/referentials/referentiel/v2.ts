import { type EngineRules, processDefiner } from '../../define.ts';
import type { REFERENTIAL_CALCULATIONS, REFERENTIAL_EFFECTS, REFERENTIAL_GUARDS } from '../rules.ts';

// La transition d’une version de référentiel importée, jusqu’à son entrée en vigueur. Le dossier est
// ouvert par le service après un import validé (services/referentials/version-case.ts), avec les seuls
// identifiants de la version. Le responsable de l’autorité propriétaire approuve en fixant la date
// d’entrée en vigueur (jamais passée) ou rejette avec un motif ; la version programmée peut être
// reportée ou annulée tant que la date n’est pas venue ; au début de ce jour un minuteur durable la met
// en vigueur, la précédente est archivée (« remplacée »), IPM et prestataires en sont informés.
// Les contrôles qui lisent la base (qui est le responsable, aucune autre version programmée) sont faits
// par le service avant l’événement ; les effets appliquent les étapes de services/referentials/lifecycle.ts.
// Version 2 : les référentiels que chaque IPM (ou prestataire) tient pour elle-même passent par la même
// transition ; l’agent de l’IPM importe et son gérant approuve ; pour un prestataire, faute de rôle de
// responsable, son agent importe et approuve. La version 1 reste celle des dossiers qu’elle a ouverts.

const defineProcess = processDefiner<{
  guards: EngineRules['guards'] & typeof REFERENTIAL_GUARDS;
  calculations: EngineRules['calculations'] & typeof REFERENTIAL_CALCULATIONS;
  effects: EngineRules['effects'] & typeof REFERENTIAL_EFFECTS;
}>();

const MANAGERS = ['directeur_ministere', 'pilotage_icamo', 'gerant_ipm', 'agent_ps'] as const;

const dateEffet = { type: 'date', label: 'Date d’entrée en vigueur', required: true } as const;
const motif = (label: string) =>
  ({ type: 'text', label, required: true, minLength: 5, maxLength: 2000, multiline: true }) as const;

const dated = {
  guard: { name: 'dateNonPassee', params: { champ: 'dateEffet' } },
  set: { activationLe: { name: 'debutDuJour', params: { champ: 'dateEffet' } } },
  effects: [{ name: 'programmer_version' }],
} as const;

const referentiel = defineProcess({
  id: 'referentiel',
  version: 2,
  title: 'Nouvelle version de référentiel',
  description:
    'Une version importée et validée : approbation par le responsable de l’autorité propriétaire (ou le gérant de ' +
    'l’IPM, l’agent du prestataire, pour les référentiels qu’ils tiennent), entrée en ' +
    'vigueur à sa date par minuteur, archivage de la précédente, information des IPM et des prestataires.',
  startRoles: ['agent_ministere', 'analyste_icamo', 'agent_ipm', 'agent_ps'],
  startInput: {
    versionId: { type: 'text', label: 'Identifiant de la version', required: true, maxLength: 60 },
    referentiel: { type: 'text', label: 'Code du référentiel', required: true, maxLength: 60 },
  },
  computed: {
    activationLe: { type: 'instant', label: 'Mise en vigueur le' },
  },
  initial: 'attente_approbation',
  states: {
    attente_approbation: {
      label: 'En attente d’approbation',
      waitsFor: MANAGERS,
      on: {
        'version.approuver': { target: 'programmee', ...dated },
        'version.rejeter': { target: 'rejetee', effects: [{ name: 'rejeter_version' }] },
      },
    },
    programmee: {
      label: 'Programmée',
      // Nobody's work: the timer brings it into force.
      waitsFor: [],
      timers: [{ at: 'activationLe', event: 'version.activer' }],
      on: {
        'version.reporter': { target: 'programmee', ...dated },
        'version.annuler': { target: 'annulee', effects: [{ name: 'annuler_version' }] },
        'version.activer': { target: 'en_vigueur', effects: [{ name: 'activer_version' }] },
      },
    },
    en_vigueur: { label: 'En vigueur', terminal: true },
    rejetee: { label: 'Rejetée', terminal: true },
    annulee: { label: 'Annulée', terminal: true },
  },
  events: {
    'version.approuver': { label: 'Approuver et programmer', roles: MANAGERS, input: { dateEffet } },
    'version.rejeter': { label: 'Rejeter', roles: MANAGERS, input: { motifRejet: motif('Motif du rejet') } },
    'version.reporter': {
      label: 'Reporter l’entrée en vigueur',
      roles: MANAGERS,
      input: { dateEffet: { ...dateEffet, label: 'Nouvelle date d’entrée en vigueur' } },
    },
    'version.annuler': {
      label: 'Annuler la programmation',
      roles: MANAGERS,
      input: { motifAnnulation: motif('Motif de l’annulation') },
    },
    'version.activer': { label: 'Entrée en vigueur', roles: ['systeme'] },
  },
});

export default referentiel;
