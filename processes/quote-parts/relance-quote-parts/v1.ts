import { type EngineRules, processDefiner } from '../../define.ts';
import type { QUOTE_PARTS_EFFECTS } from '../rules.ts';

// Les relances d’une dette d’un assuré envers son IPM (quote-parts, avances) : un dossier par assuré
// et par dette, ouvert par le passage quotidien quand une dette échue reste impayée. Les dates des
// niveaux viennent de l’échelle de l’IPM (processes/quote-parts/ladder.ts), copiées à l’ouverture :
// rappel à l’assuré, demande de retenue sur salaire à l’employeur, puis suspension des droits de
// l’assuré et de ses ayants droit. Le paiement qui solde la dette arrête l’échelle et lève la
// suspension à sa date ; un paiement partiel actualise le montant dû. Le dossier ne porte que
// l’identifiant opaque de l’assuré et des montants : ni nom, ni NIN, ni nature des soins.

const defineProcess = processDefiner<{
  guards: EngineRules['guards'];
  calculations: EngineRules['calculations'];
  effects: EngineRules['effects'] & typeof QUOTE_PARTS_EFFECTS;
}>();

const soldee = {
  target: 'soldee',
  effects: [
    { name: 'lever_suspension_assure' },
    { name: 'relancer_assure', params: { modele: 'quote_parts_reglees' } },
  ],
} as const;

const actualiser = <S extends string>(state: S) => ({ target: state }) as const;

const instant = (label: string) => ({ type: 'instant', label, required: true }) as const;

const relanceQuoteParts = defineProcess({
  id: 'relance-quote-parts',
  version: 1,
  title: 'Relances des sommes dues par un assuré',
  description:
    'Une dette d’un assuré envers son IPM (quote-parts, avances) : rappel, demande de retenue sur salaire à l’employeur ' +
    'et suspension des droits selon l’échelle de l’IPM ; le paiement qui solde la dette arrête les relances et lève la ' +
    'suspension.',
  startRoles: ['systeme'],
  startInput: {
    participantId: { type: 'text', label: 'Identifiant de l’assuré', required: true, maxLength: 60 },
    echeance: { type: 'date', label: 'Échéance de la plus ancienne dette impayée', required: true },
    montantDu: { type: 'montant', label: 'Montant échu dû (FCFA)', required: true, min: 1 },
    dateRappel: instant('Date du rappel à l’assuré'),
    dateRetenue: instant('Date de la demande de retenue sur salaire'),
    dateSuspension: instant('Date de la suspension des droits'),
  },
  initial: 'echue',
  states: {
    echue: {
      label: 'Échue, impayée',
      waitsFor: [],
      timers: [{ at: 'dateRappel', event: 'echelon.rappel' }],
      on: {
        'echelon.rappel': {
          target: 'rappelee',
          effects: [{ name: 'relancer_assure', params: { modele: 'rappel_quote_parts' } }],
        },
        'dette.actualiser': actualiser('echue'),
        'dette.soldee': soldee,
      },
    },
    rappelee: {
      label: 'Rappel envoyé',
      waitsFor: [],
      timers: [{ at: 'dateRetenue', event: 'echelon.retenue_salaire' }],
      on: {
        'echelon.retenue_salaire': { target: 'retenue_demandee', effects: [{ name: 'demander_retenue_salaire' }] },
        'dette.actualiser': actualiser('rappelee'),
        'dette.soldee': soldee,
      },
    },
    retenue_demandee: {
      label: 'Retenue sur salaire demandée',
      waitsFor: [],
      timers: [{ at: 'dateSuspension', event: 'echelon.suspension' }],
      on: {
        'echelon.suspension': {
          target: 'suspendue',
          effects: [
            { name: 'suspendre_droits_assure' },
            { name: 'relancer_assure', params: { modele: 'suspension_quote_parts' } },
          ],
        },
        'dette.actualiser': actualiser('retenue_demandee'),
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
    'echelon.rappel': { label: 'Rappel à l’assuré', roles: ['systeme'] },
    'echelon.retenue_salaire': { label: 'Demande de retenue sur salaire', roles: ['systeme'] },
    'echelon.suspension': { label: 'Suspension des droits', roles: ['systeme'] },
    // Sent by the payments' service once a payment is allocated (services/quote-parts/member-ladder-cases.ts).
    'dette.actualiser': {
      label: 'Paiement partiel : montant dû actualisé',
      roles: ['systeme'],
      fromLinkedCase: true,
      input: { montantDu: { type: 'montant', label: 'Montant échu dû (FCFA)', required: true, min: 1 } },
    },
    'dette.soldee': {
      label: 'Dette soldée',
      roles: ['systeme'],
      fromLinkedCase: true,
      input: { datePaiement: { type: 'date', label: 'Date du paiement qui solde la dette', required: true } },
    },
  },
});

export default relanceQuoteParts;
