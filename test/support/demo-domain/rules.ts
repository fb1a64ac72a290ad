import type { CALCULATIONS, CalculationImplementation } from '../../../processes/calculations.ts';
import { registerDomain } from '../../../processes/catalogue.ts';
import type { ComputationSpec } from '../../../processes/computations.ts';
import { type FieldName, processDefiner, typed } from '../../../processes/define.ts';
import { defineDomain } from '../../../processes/domain.ts';
import type { EFFECTS, EffectSpec } from '../../../processes/effects.ts';
import type { GUARDS, GuardImplementation } from '../../../processes/guards.ts';

// A domain that exists only in the tests: it proves that a domain registers through its module alone,
// with no engine file edited. Its pure half — two processes, guards, a calculation, an effect and a
// computation of its own, typed — registers when this file is imported: by the test, and by the workflow bundle's entry
// next to this file, so that the worker's case workflow finds its guard and calculation.

const DEMO_GUARDS = {
  plafondDemo: typed<{ champ: FieldName; plafond: number }>()({
    description: 'Le nombre du champ `champ` ne dépasse pas `plafond`.',
    checkParams: (p) =>
      typeof p.champ === 'string' && typeof p.plafond === 'number'
        ? undefined
        : 'attend { champ: texte, plafond: nombre }',
    holds: ({ context, input, params }) => {
      const value = Object.hasOwn(input, String(params.champ))
        ? input[String(params.champ)]
        : context[String(params.champ)];
      return typeof value === 'number' && value <= Number(params.plafond);
    },
    refusal: ({ params }) => `Au plus ${String(params.plafond)} jours.`,
  }),
  plafondTarifDemo: typed<{ champ: FieldName; plafond: number }>()({
    description: 'Le montant du champ `champ` (un tarif calculé) ne dépasse pas `plafond` FCFA.',
    checkParams: (p) =>
      typeof p.champ === 'string' && typeof p.plafond === 'number'
        ? undefined
        : 'attend { champ: texte, plafond: nombre }',
    holds: ({ context, input, params }) => {
      const field = String(params.champ);
      const value = Object.hasOwn(input, field) ? input[field] : context[field];
      return typeof value === 'number' && value <= Number(params.plafond);
    },
    refusal: ({ context, input, params }) => {
      const field = String(params.champ);
      const value = Object.hasOwn(input, field) ? input[field] : context[field];
      return `Le tarif de ${String(value)} FCFA dépasse le plafond de ${String(params.plafond)} FCFA : ce soin demande un accord préalable.`;
    },
  }),
} satisfies Record<string, GuardImplementation>;

const DEMO_CALCULATIONS = {
  doubleDemo: typed<{ champ: FieldName }>()({
    description: 'Le double du nombre du champ `champ`.',
    checkParams: (p) => (typeof p.champ === 'string' ? undefined : 'attend { champ: texte }'),
    compute: ({ context, params }) => Number(context[String(params.champ)]) * 2,
  }),
} satisfies Record<string, CalculationImplementation>;

const DEMO_EFFECTS = {
  consigner_demo: typed<{ note: string }>()({
    description: 'Consigne la `note` dans le journal du domaine de démonstration.',
    checkParams: (p) => (typeof p.note === 'string' && p.note ? undefined : 'note doit être un texte'),
  }),
} satisfies Record<string, EffectSpec>;

// Its implementation, which reads a table of tariffs the test creates, is the server half's (services.ts).
export const DEMO_COMPUTATIONS = {
  tarifEnVigueurDemo: typed<{ acte: FieldName; date: FieldName }>()({
    description:
      'Le tarif (FCFA) de l’acte du champ `acte` en vigueur à la date du champ `date` (la date des soins), ' +
      'lu dans le référentiel des tarifs de démonstration.',
    checkParams: (p) =>
      typeof p.acte === 'string' && typeof p.date === 'string' ? undefined : 'attend { acte: champ, date: champ }',
    returns: 'montant',
  }),
} satisfies Record<string, ComputationSpec>;

export type DemoRules = {
  guards: typeof GUARDS & typeof DEMO_GUARDS;
  calculations: typeof CALCULATIONS & typeof DEMO_CALCULATIONS;
  effects: typeof EFFECTS & typeof DEMO_EFFECTS;
  computations: typeof DEMO_COMPUTATIONS;
};

const defineProcess = processDefiner<DemoRules>();

export const congeDemo = defineProcess({
  id: 'demo-conge',
  version: 1,
  title: 'Demande de congé (démonstration)',
  startRoles: ['agent_ministere'],
  startInput: { jours: { type: 'integer', label: 'Jours demandés', min: 1 } },
  initial: 'demandee',
  states: {
    demandee: {
      label: 'Demandée',
      on: {
        'demande.valider': {
          target: 'validee',
          guard: { name: 'plafondDemo', params: { champ: 'jours', plafond: 30 } },
          set: { joursDoubles: { name: 'doubleDemo', params: { champ: 'jours' } } },
          effects: [{ name: 'consigner_demo', params: { note: 'congé validé' } }],
        },
      },
    },
    validee: { label: 'Validée', terminal: true },
  },
  events: {
    'demande.valider': {
      label: 'Valider la demande',
      roles: ['directeur_ministere'],
      input: { jours: { type: 'integer', label: 'Jours accordés', min: 1 } },
    },
  },
  computed: { joursDoubles: { type: 'integer', label: 'Jours doublés' } },
});

/** A computed step: the tariff in force on the date of care enters the case, then a guard and `set` read it. */
export const soinsDemo = defineProcess({
  id: 'demo-soins',
  version: 1,
  title: 'Prise en charge de soins (démonstration)',
  startRoles: ['agent_ministere'],
  startInput: { acte: { type: 'text', label: 'Acte', required: true } },
  initial: 'ouverte',
  states: {
    ouverte: {
      label: 'Ouverte',
      on: {
        'soins.declarer': {
          target: 'liquidee',
          compute: { tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoins' } } },
          guard: { name: 'plafondTarifDemo', params: { champ: 'tarif', plafond: 20_000 } },
          set: { tarifDouble: { name: 'doubleDemo', params: { champ: 'tarif' } } },
        },
        'soins.annuler': { target: 'annulee' },
      },
    },
    liquidee: { label: 'Liquidée', terminal: true },
    annulee: { label: 'Annulée', terminal: true },
  },
  events: {
    'soins.declarer': {
      label: 'Déclarer les soins',
      roles: ['directeur_ministere'],
      input: { dateSoins: { type: 'date', label: 'Date des soins', required: true } },
    },
    'soins.annuler': { label: 'Annuler la déclaration', roles: ['directeur_ministere'] },
  },
  computed: {
    tarif: { type: 'montant', label: 'Tarif en vigueur' },
    tarifDouble: { type: 'integer', label: 'Tarif doublé' },
  },
});

export const demoDomain = defineDomain({
  id: 'demo',
  title: 'Domaine de démonstration',
  definitions: [congeDemo, soinsDemo],
  guards: DEMO_GUARDS,
  calculations: DEMO_CALCULATIONS,
  effects: DEMO_EFFECTS,
  computations: DEMO_COMPUTATIONS,
});

registerDomain(demoDomain);
