import type { ReferentialDefinition } from '../../processes/referentials/catalogue.ts';
import { FIELD_TYPE_LABELS } from '../../processes/referentials/fields.ts';

// The documented layout of a referential's file: the code, then one column per field, in the
// catalogue's order. The template a person downloads is this header and a line that says what each
// column takes, written the way the import reads it (semicolons, UTF-8 with its mark for Excel).

export const CODE_COLUMN = 'code';

export const layoutColumns = (definition: ReferentialDefinition): string[] => [
  CODE_COLUMN,
  ...definition.fields.map((f) => f.name),
];

/** One entry per column: its name, label, whether a value is required, and what it takes. */
export function layoutDescription(definition: ReferentialDefinition) {
  return [
    { name: CODE_COLUMN, label: 'Code', required: true, takes: definition.codeFormatHelp },
    ...definition.fields.map((f) => ({
      name: f.name,
      label: f.label,
      required: f.required,
      takes:
        f.type === 'choix'
          ? `une valeur parmi : ${(f.values ?? []).join(', ')}`
          : f.type === 'reference'
            ? `un code du référentiel « ${f.references} » en vigueur`
            : FIELD_TYPE_LABELS[f.type],
    })),
  ];
}

const quote = (value: string) => (/[;"\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The template: header, then a commented line per column is not CSV; one line of what each column takes. */
export function layoutTemplate(definition: ReferentialDefinition): string {
  const header = layoutColumns(definition).join(';');
  const help = layoutDescription(definition)
    .map((c) => quote(`${c.required ? 'obligatoire' : 'facultatif'} : ${c.takes}`))
    .join(';');
  return `\uFEFF${header}\r\n${help}\r\n`;
}
