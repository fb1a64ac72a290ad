// The shape of a referential's rows: the columns of its file, in order, after the code. Pure data, so
// that the layout a person downloads, the validation of an import and the API read the same list.

export type ReferentialFieldType =
  /** Free text on one line. */
  | 'texte'
  /** A whole number. */
  | 'entier'
  /** An amount in FCFA (no decimals); spaces between thousands are accepted. */
  | 'montant'
  /** A day: AAAA-MM-JJ or JJ/MM/AAAA. */
  | 'date'
  /** oui / non. */
  | 'booleen'
  /** One of `values`. */
  | 'choix'
  /** A code of the referential `references`, which must be in force (or in the same file, for itself). */
  | 'reference';

export interface ReferentialField {
  /** The column's name in the file (ASCII, lower case). */
  name: string;
  label: string;
  type: ReferentialFieldType;
  required: boolean;
  values?: readonly string[];
  references?: string;
  /** Bounds of a whole number (a rate in percent: 0 to 100). */
  min?: number;
  max?: number;
  /** What the column holds, for the documented layout. */
  help?: string;
}

export const FIELD_TYPE_LABELS: Record<ReferentialFieldType, string> = {
  texte: 'texte',
  entier: 'nombre entier',
  montant: 'montant en FCFA, sans décimales',
  date: 'date AAAA-MM-JJ (ou JJ/MM/AAAA)',
  booleen: 'oui ou non',
  choix: 'une valeur de la liste',
  reference: 'un code d’un autre référentiel en vigueur',
};

export const text = (name: string, label: string, required = true): ReferentialField => ({
  name,
  label,
  type: 'texte',
  required,
});

export const ref = (name: string, label: string, references: string, required = true): ReferentialField => ({
  name,
  label,
  type: 'reference',
  references,
  required,
});
