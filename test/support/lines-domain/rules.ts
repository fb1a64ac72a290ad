import type { CALCULATIONS } from '../../../processes/calculations.ts';
import { registerDomain } from '../../../processes/catalogue.ts';
import { processDefiner } from '../../../processes/define.ts';
import { defineDomain } from '../../../processes/domain.ts';
import type { EFFECTS } from '../../../processes/effects.ts';
import type { GUARDS } from '../../../processes/guards.ts';
import type { RecordKind } from '../../../processes/records.ts';

// A second domain of the tests only, for records and lines: a declaration whose dependants are rows
// of a table of their own (`DemoAyant`, created by the test), each with a status and a reason, written
// by transitions whose input the case does not keep.

const LIENS = [
  { value: 'conjoint', label: 'Conjoint' },
  { value: 'enfant', label: 'Enfant' },
];

export const DEMO_RECORDS = {
  ayantDemo: {
    label: 'Ayants droit (démonstration)',
    table: 'DemoAyant',
    key: ['numero'],
    columns: {
      numero: { type: 'integer', label: 'Numéro' },
      nom: { type: 'text', label: 'Nom' },
      lien: { type: 'text', label: 'Lien' },
      statut: { type: 'text', label: 'Statut' },
      motif: { type: 'text', label: 'Motif' },
    },
    status: { column: 'statut', labels: { declare: 'Déclaré', refuse: 'Refusé' } },
    reason: 'motif',
  },
} as const satisfies Record<string, RecordKind>;

/** The table its migration would create. */
export const DEMO_AYANT_TABLE = `
  CREATE TABLE IF NOT EXISTS "DemoAyant" (
    "caseId" text NOT NULL REFERENCES "Case"("id"),
    "numero" integer NOT NULL,
    "nom" text,
    "lien" text,
    "statut" text NOT NULL DEFAULT 'declare',
    "motif" text,
    "revision" integer NOT NULL,
    "updatedAt" timestamptz NOT NULL,
    PRIMARY KEY ("caseId", "numero")
  )`;

const defineProcess = processDefiner<{
  guards: typeof GUARDS;
  calculations: typeof CALCULATIONS;
  effects: typeof EFFECTS;
  records: typeof DEMO_RECORDS;
}>();

export const declarationDemo = defineProcess({
  id: 'demo-declaration',
  version: 1,
  title: 'Déclaration d’ayants droit (démonstration)',
  startRoles: ['agent_ministere'],
  startInput: { titre: { type: 'text', label: 'Intitulé', maxLength: 100 } },
  initial: 'ouverte',
  states: {
    ouverte: {
      label: 'Ouverte',
      on: {
        'ayants.declarer': {
          target: 'ouverte',
          records: [
            {
              kind: 'ayantDemo',
              each: 'ayants',
              columns: { numero: 'numero', nom: 'nom', lien: 'lien' },
              values: { statut: 'declare' },
            },
          ],
          set: { declares: { name: 'copie', params: { champ: 'nombre' } } },
        },
        'ayant.refuser': {
          target: 'ouverte',
          records: [{ kind: 'ayantDemo', columns: { numero: 'numero', motif: 'motif' }, values: { statut: 'refuse' } }],
        },
        'declaration.clore': { target: 'close' },
      },
    },
    close: { label: 'Close', terminal: true },
  },
  events: {
    'ayants.declarer': {
      label: 'Déclarer des ayants droit',
      roles: ['agent_ministere'],
      keepInput: false,
      input: {
        nombre: { type: 'integer', label: 'Nombre déclaré', min: 0 },
        ayants: {
          type: 'liste',
          label: 'Ayants droit',
          required: true,
          items: {
            numero: { type: 'integer', label: 'Numéro', required: true, min: 1 },
            nom: { type: 'text', label: 'Nom', required: true, maxLength: 100 },
            lien: { type: 'choice', label: 'Lien', required: true, options: LIENS },
          },
        },
      },
    },
    'ayant.refuser': {
      label: 'Refuser un ayant droit',
      roles: ['agent_ministere'],
      keepInput: false,
      input: {
        numero: { type: 'integer', label: 'Numéro', required: true, min: 1 },
        motif: { type: 'text', label: 'Motif', required: true, maxLength: 200 },
      },
    },
    'declaration.clore': { label: 'Clore', roles: ['agent_ministere'] },
  },
  computed: { declares: { type: 'integer', label: 'Déclarés' } },
});

export const linesDomain = defineDomain({
  id: 'demo-lignes',
  title: 'Lignes de démonstration',
  definitions: [declarationDemo],
  records: DEMO_RECORDS,
});

registerDomain(linesDomain);
