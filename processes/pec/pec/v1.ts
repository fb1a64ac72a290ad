import { processDefiner } from '../../define.ts';
import type { PecRules } from '../rules.ts';

// La prise en charge (PEC) : l’autorisation d’une IPM de couvrir un acte de la nomenclature chez un
// prestataire à une date prévue. Le prestataire (son agent_ps) la demande par le service
// (services/pec/request.ts), qui fait d’abord les contrôles préalables dans PostgreSQL — droits de
// l’assuré à la date prévue, acte en vigueur dans la nomenclature et dans le panier de soins de l’IPM
// avec une PEC exigée, prestataire conventionné, tarif en vigueur et montant couvert — et refuse en
// français ce qui ne passe pas, sans rien ouvrir. Le dossier ouvert porte leur réponse (des
// identifiants, des montants, des drapeaux : jamais l’assuré ni l’acte, gardés dans la table
// PecRequest) ; l’événement `controles.conclure` la conduit : accordée d’emblée sous le plafond des
// réglages, à l’avis du médecin-conseil quand le panier l’exige, sinon à l’instruction par un agent de
// l’IPM. Accordée, elle reçoit son numéro, sa fenêtre de validité et sa lettre ; elle est ensuite
// consommée par la feuille de soins qui l’utilise (les FSE), expire au bout de sa fenêtre (minuteur
// durable) ou est annulée. Le rôle de médecin-conseil n’existe pas : l’avis est donné par un agent de
// l’IPM, l’étape n’ayant lieu que si le panier de soins en porte le drapeau.

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

const pec = defineProcess({
  id: 'pec',
  version: 1,
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
            guard: { name: 'champVrai', params: { champ: 'avisMedecinRequis', motif: 'Aucun avis n’est exigé.' } },
          },
          { target: 'a_instruire' },
        ],
        'pec.annuler': annuler,
      },
    },
    avis_medecin: {
      label: 'Avis du médecin-conseil',
      waitsFor: ['agent_ipm'],
      targetDuration: 'avisMedecin',
      on: {
        'avis.donner': { target: 'a_instruire' },
        'pec.annuler': annuler,
      },
    },
    a_instruire: {
      label: 'À instruire par l’IPM',
      waitsFor: ['agent_ipm'],
      targetDuration: 'instruction',
      on: {
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
    'pec.annuler': {
      label: 'Annuler la prise en charge',
      roles: ['agent_ps', ...IPM],
      input: { motifAnnulation: motif('Motif de l’annulation') },
    },
  },
});

export default pec;
