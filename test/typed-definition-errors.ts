import { defineProcess, type EngineRules, processDefiner } from '../processes/define.ts';
import type { RecordColumn } from '../processes/records.ts';
import type { DemoRules } from './support/demo-domain/rules.ts';

// Not a test run by vitest: a file `tsc` (and so `npm run check`) compiles. Each line marked
// `@ts-expect-error` holds a deliberate mistake in a definition; if the compiler ever stopped seeing
// one, the unused directive would itself fail the check. The same definition without its mistakes
// compiles (`correct`).

const base = { id: 'essai', version: 1, title: 'Essai', startRoles: ['agent_ministere' as const] };

defineProcess({
  ...base,
  startInput: { effectif: { type: 'integer', label: 'Effectif' } },
  settings: ['effectifMinimumIpmEntreprise'],
  initial: 'ouvert',
  durations: { delai: { label: 'Délai', default: 'P5D' } },
  states: {
    ouvert: {
      label: 'Ouvert',
      targetDuration: 'delai',
      timers: [{ after: 'delai', event: 'delai.expirer' }],
      on: {
        'dossier.valider': {
          target: 'valide',
          guard: {
            name: 'seuilMinimum',
            params: { champ: 'effectif', reglage: 'effectifMinimumIpmEntreprise', motif: 'Au moins {seuil}.' },
          },
          set: { valideLe: { name: 'instant' } },
          effects: [{ name: 'notifier', params: { modele: 'decision', destinataires: ['agent_ministere'] } }],
        },
        'delai.expirer': { target: 'clos' },
      },
    },
    valide: { label: 'Validé', terminal: true },
    clos: { label: 'Clos', terminal: true },
  },
  events: {
    'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] },
    'delai.expirer': { label: 'Délai expiré', roles: ['systeme'] },
  },
  computed: { valideLe: { type: 'instant', label: 'Validé le' } },
});

defineProcess({
  ...base,
  initial: 'ouvert',
  durations: { delai: { label: 'Délai', default: 'P5D' } },
  states: {
    ouvert: {
      label: 'Ouvert',
      // @ts-expect-error a duration the definition does not declare
      targetDuration: 'delay',
      on: {
        // @ts-expect-error a transition to a state that does not exist
        'dossier.valider': { target: 'valider' },
        'delai.expirer': { target: 'clos' },
      },
    },
    clos: { label: 'Clos', terminal: true },
  },
  events: {
    'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] },
    'delai.expirer': { label: 'Délai expiré', roles: ['systeme'] },
  },
});

defineProcess({
  ...base,
  initial: 'ouvert',
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error an event the definition does not declare (« valider » for « dossier.valider »)
        valider: { target: 'clos' },
      },
    },
    clos: { label: 'Clos', terminal: true },
  },
  events: { 'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] } },
});

// A rule's mistakes are reported on the transition that calls it (the discriminated union of calls).
defineProcess({
  ...base,
  initial: 'ouvert',
  startInput: { effectif: { type: 'integer', label: 'Effectif' } },
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error a guard given a wrong parameter: a number where it takes a setting's name
        'dossier.valider': {
          target: 'clos',
          guard: { name: 'seuilMinimum', params: { champ: 'effectif', reglage: 300, motif: 'Au moins {seuil}.' } },
        },
      },
    },
    clos: { label: 'Clos', terminal: true },
  },
  events: { 'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] } },
});

defineProcess({
  ...base,
  initial: 'ouvert',
  startInput: { effectif: { type: 'integer', label: 'Effectif' } },
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error a guard given a field the definition does not have (« effectifs » for « effectif »)
        'dossier.valider': { target: 'clos', guard: { name: 'dateFuture', params: { champ: 'effectifs' } } },
      },
    },
    clos: { label: 'Clos', terminal: true },
  },
  events: { 'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] } },
});

defineProcess({
  ...base,
  initial: 'ouvert',
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error a guard the catalogue does not have
        'dossier.valider': { target: 'clos', guard: { name: 'seuilMinimal', params: {} } },
      },
    },
    clos: { label: 'Clos', terminal: true },
  },
  events: { 'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] } },
});

defineProcess({
  ...base,
  initial: 'ouvert',
  durations: { delai: { label: 'Délai', default: 'P5D' } },
  states: {
    ouvert: {
      label: 'Ouvert',
      // @ts-expect-error a timer after a duration the definition does not declare
      timers: [{ after: 'delais', event: 'delai.expirer' }],
      on: { 'delai.expirer': { target: 'clos' } },
    },
    clos: { label: 'Clos', terminal: true },
  },
  events: { 'delai.expirer': { label: 'Délai expiré', roles: ['systeme'] } },
});

defineProcess({
  ...base,
  // @ts-expect-error an initial state that does not exist
  initial: 'ouverte',
  states: { ouvert: { label: 'Ouvert', on: { 'dossier.valider': { target: 'ouvert' } } } },
  events: { 'dossier.valider': { label: 'Valider', roles: ['agent_ministere'] } },
});

// A domain's kinds of record type the transitions that write them.
const withRecords = processDefiner<
  EngineRules & {
    records: {
      ligne: {
        label: string;
        table: string;
        key: ['numero'];
        columns: { numero: RecordColumn; montant: RecordColumn };
      };
    };
  }
>();

withRecords({
  ...base,
  initial: 'ouvert',
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        'ligne.ajouter': {
          target: 'ouvert',
          records: [{ kind: 'ligne', columns: { numero: 'numero', montant: 'montant' } }],
        },
        'ligne.corriger': {
          target: 'ouvert',
          // @ts-expect-error a column the kind of record does not have (« montants » for « montant »)
          records: [{ kind: 'ligne', columns: { numero: 'numero', montants: 'montant' } }],
        },
        // @ts-expect-error a kind of record the domain does not declare
        'ligne.retirer': { target: 'ouvert', records: [{ kind: 'lignes', columns: { numero: 'numero' } }] },
      },
    },
  },
  events: {
    'ligne.ajouter': { label: 'Ajouter', roles: ['agent_ministere'], keepInput: false },
    'ligne.corriger': { label: 'Corriger', roles: ['agent_ministere'], keepInput: false },
    'ligne.retirer': { label: 'Retirer', roles: ['agent_ministere'], keepInput: false },
  },
});

// Computed steps: a domain's computations are typed like its other rules.
const defineDemoProcess = processDefiner<DemoRules>();
const soins = {
  ...base,
  startInput: { acte: { type: 'text', label: 'Acte' } },
  initial: 'ouvert',
  events: {
    'soins.declarer': {
      label: 'Déclarer',
      roles: ['agent_ministere'],
      input: { dateSoins: { type: 'date', label: 'Date des soins' } },
    },
  },
  computed: { tarif: { type: 'montant', label: 'Tarif' } },
} as const;
const closed = { clos: { label: 'Clos', terminal: true } } as const;

defineDemoProcess({
  ...soins,
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        'soins.declarer': {
          target: 'clos',
          compute: { tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoins' } } },
          guard: { name: 'plafondTarifDemo', params: { champ: 'tarif', plafond: 20_000 } },
        },
      },
    },
    ...closed,
  },
});

defineDemoProcess({
  ...soins,
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error a computation its domain does not have (« tarifEnVigeurDemo »)
        'soins.declarer': {
          target: 'clos',
          compute: { tarif: { name: 'tarifEnVigeurDemo', params: { acte: 'acte', date: 'dateSoins' } } },
        },
      },
    },
    ...closed,
  },
});

defineDemoProcess({
  ...soins,
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error a computation given a field the definition does not have (« dateSoin »)
        'soins.declarer': {
          target: 'clos',
          compute: { tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoin' } } },
        },
      },
    },
    ...closed,
  },
});

defineDemoProcess({
  ...soins,
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error a computation missing a parameter it takes (its business date)
        'soins.declarer': {
          target: 'clos',
          compute: { tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte' } } },
        },
      },
    },
    ...closed,
  },
});

defineDemoProcess({
  ...soins,
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        'soins.declarer': {
          target: 'clos',
          // @ts-expect-error a computed value into a field the definition does not declare (« tarifs »)
          compute: { tarifs: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoins' } } },
        },
      },
    },
    ...closed,
  },
});

// A definition of the engine's rules alone names no computation: its domain registers none.
defineProcess({
  ...soins,
  states: {
    ouvert: {
      label: 'Ouvert',
      on: {
        // @ts-expect-error the engine has no computation of its own
        'soins.declarer': {
          target: 'clos',
          compute: { tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoins' } } },
        },
      },
    },
    ...closed,
  },
});
