import { type EngineRules, processDefiner } from '../../define.ts';
import type { RECOUVREMENT_EFFECTS } from '../rules.ts';

// Les relances d’une dette de cotisations : un dossier par employeur et par dette, ouvert quand un appel
// échu reste impayé (effet ouvrir_relances de la campagne d’appels). Les dates des niveaux viennent de
// l’échelle de l’IPM (processes/recouvrement/ladder.ts), copiées à l’ouverture : lettre de relance, mise
// en demeure numérotée, signalement à l’ICAMO, puis suspension des droits des participants et de leurs
// ayants droit. Chaque niveau est un minuteur durable à sa date. Le paiement qui solde la dette (service
// des paiements) arrête l’échelle et lève la suspension à la date du paiement ; un paiement partiel
// actualise le montant dû. Aucune donnée personnelle : l’employeur est une entreprise.

const defineProcess = processDefiner<{
  guards: EngineRules['guards'];
  calculations: EngineRules['calculations'];
  effects: EngineRules['effects'] & typeof RECOUVREMENT_EFFECTS;
}>();

const soldee = {
  target: 'soldee',
  effects: [{ name: 'lever_suspension' }, { name: 'relancer_employeur', params: { modele: 'dette_soldee' } }],
} as const;

const actualiser = <S extends string>(state: S) => ({ target: state }) as const;

const instant = (label: string) => ({ type: 'instant', label, required: true }) as const;

const recouvrement = defineProcess({
  id: 'recouvrement',
  version: 1,
  title: 'Relances de cotisations impayées',
  description:
    'Une dette de cotisations d’un employeur : relance, mise en demeure, signalement à l’ICAMO et suspension des droits ' +
    'selon l’échelle de l’IPM ; le paiement qui solde la dette arrête les relances et lève la suspension.',
  startRoles: ['systeme'],
  startInput: {
    employeurId: { type: 'text', label: 'Identifiant de l’employeur', required: true, maxLength: 60 },
    employeur: { type: 'text', label: 'Employeur', required: true, maxLength: 200 },
    periode: { type: 'text', label: 'Période du plus ancien appel impayé', required: true, maxLength: 7 },
    echeance: { type: 'date', label: 'Échéance du plus ancien appel impayé', required: true },
    montantDu: { type: 'montant', label: 'Montant dû (FCFA)', required: true, min: 1 },
    dateCourrier: instant('Date de la lettre de relance'),
    dateMiseEnDemeure: instant('Date de la mise en demeure'),
    dateSignalement: instant('Date du signalement à l’ICAMO'),
    dateSuspension: instant('Date de la suspension des droits'),
  },
  initial: 'echue',
  states: {
    echue: {
      label: 'Échue, impayée',
      waitsFor: [],
      timers: [{ at: 'dateCourrier', event: 'echelon.courrier' }],
      on: {
        'echelon.courrier': {
          target: 'relancee',
          effects: [{ name: 'relancer_employeur', params: { modele: 'relance_cotisations' } }],
        },
        'dette.actualiser': actualiser('echue'),
        'dette.soldee': soldee,
      },
    },
    relancee: {
      label: 'Relancée',
      waitsFor: [],
      timers: [{ at: 'dateMiseEnDemeure', event: 'echelon.mise_en_demeure' }],
      on: {
        'echelon.mise_en_demeure': {
          target: 'mise_en_demeure',
          effects: [
            { name: 'generer_document', params: { modele: 'mise_en_demeure' } },
            { name: 'relancer_employeur', params: { modele: 'mise_en_demeure_cotisations' } },
          ],
        },
        'dette.actualiser': actualiser('relancee'),
        'dette.soldee': soldee,
      },
    },
    mise_en_demeure: {
      label: 'Mise en demeure',
      waitsFor: [],
      timers: [{ at: 'dateSignalement', event: 'echelon.signalement' }],
      on: {
        'echelon.signalement': {
          target: 'signalee',
          effects: [
            { name: 'notifier', params: { modele: 'signalement_recouvrement', destinataires: ['analyste_icamo'] } },
          ],
        },
        'dette.actualiser': actualiser('mise_en_demeure'),
        'dette.soldee': soldee,
      },
    },
    signalee: {
      label: 'Signalée à l’ICAMO',
      waitsFor: [],
      timers: [{ at: 'dateSuspension', event: 'echelon.suspension' }],
      on: {
        'echelon.suspension': {
          target: 'suspendue',
          effects: [
            { name: 'suspendre_droits' },
            { name: 'relancer_employeur', params: { modele: 'suspension_droits' } },
            { name: 'notifier', params: { modele: 'suspension_recouvrement', destinataires: ['gerant_ipm'] } },
          ],
        },
        'dette.actualiser': actualiser('signalee'),
        'dette.soldee': soldee,
      },
    },
    suspendue: {
      label: 'Droits suspendus',
      waitsFor: [],
      on: {
        'dette.actualiser': actualiser('suspendue'),
        'dette.soldee': soldee,
      },
    },
    soldee: { label: 'Dette soldée', terminal: true },
  },
  events: {
    'echelon.courrier': { label: 'Lettre de relance', roles: ['systeme'] },
    'echelon.mise_en_demeure': { label: 'Mise en demeure', roles: ['systeme'] },
    'echelon.signalement': { label: 'Signalement à l’ICAMO', roles: ['systeme'] },
    'echelon.suspension': { label: 'Suspension des droits', roles: ['systeme'] },
    // Sent by the payments' service once a payment is allocated (services/recouvrement/ladder-cases.ts).
    'dette.actualiser': {
      label: 'Paiement partiel : montant dû actualisé',
      roles: ['systeme'],
      fromLinkedCase: true,
      input: { montantDu: { type: 'montant', label: 'Montant dû (FCFA)', required: true, min: 1 } },
    },
    'dette.soldee': {
      label: 'Dette soldée',
      roles: ['systeme'],
      fromLinkedCase: true,
      input: { datePaiement: { type: 'date', label: 'Date du paiement qui solde la dette', required: true } },
    },
  },
});

export default recouvrement;
