import type { ReferentialDefinition } from '../../processes/referentials/catalogue.ts';
import type { ReferentialField } from '../../processes/referentials/fields.ts';
import type { CsvReading, CsvRecord } from '../portfolio/csv-records.ts';
import type { Encoding } from './decode-file.ts';
import { type FileProblem, fileProblem } from './file-problem.ts';
import { CODE_COLUMN, layoutColumns } from './layout.ts';
import { readCsvFast } from './read-csv.ts';

// Reads a referential's file against its layout: the separator (« ; » or « , », or a tab) is the one
// under which the header names the layout's columns; a missing or unknown column refuses the whole
// file; then each line is checked on its own (code format, duplicate, required values, numbers, dates,
// choices). References to other referentials are checked afterwards, set-based, by the caller
// (validate-references.ts), since they need the database.

export type FieldValue = string | number | boolean;

export interface ParsedRow {
  line: number;
  code: string;
  fields: Record<string, FieldValue>;
}

export interface InvalidRow {
  line: number;
  code: string;
  reason: string;
}

export interface ParsedFile {
  separator: string;
  encoding: Encoding;
  rows: ParsedRow[];
  invalid: InvalidRow[];
  /** The file's lines of data, valid or not. */
  dataLines: number;
}

const SEPARATORS = [';', ',', '\t'] as const;
const SEPARATOR_NAMES: Record<string, string> = { ';': 'point-virgule', ',': 'virgule', '\t': 'tabulation' };

const normaliseHeader = (name: string) => name.trim().toLowerCase();

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

export function parseReferentialText(
  definition: ReferentialDefinition,
  text: string,
  encoding: Encoding,
): ParsedFile | { problem: FileProblem } {
  const expected = layoutColumns(definition);
  const head = firstLine(text);
  let best: { separator: string; header: string[]; score: number } | undefined;
  for (const separator of SEPARATORS) {
    const header = (readCsvFast(head, separator).records[0]?.fields ?? []).map(normaliseHeader);
    const score = header.filter((h) => expected.includes(h)).length;
    if (!best || score > best.score) best = { separator, header, score };
  }
  if (!best || best.score === 0) {
    return {
      problem: fileProblem(
        'separateur',
        `La ligne d’en-tête ne nomme aucune des colonnes attendues (${expected.join(';')}) : ` +
          'le séparateur n’est ni le point-virgule ni la virgule, ou le fichier n’est pas celui de ce référentiel.',
        'Partez du modèle téléchargeable du référentiel, gardez sa ligne d’en-tête et séparez les colonnes par des points-virgules.',
      ),
    };
  }
  const { separator, header } = best;
  const problem = headerProblem(expected, header, `en-tête lu avec le séparateur ${SEPARATOR_NAMES[separator]}`);
  if (problem) return { problem };
  const reading = readCsvFast(text, separator);
  if (reading.unclosedQuoteLine !== null) {
    return {
      problem: fileProblem(
        'guillemet-non-ferme',
        `Un guillemet ouvert ligne ${reading.unclosedQuoteLine} n’est jamais refermé : la suite du fichier ne peut pas être lue.`,
        'Refermez ce guillemet (ou doublez-le s’il fait partie du texte) et importez le fichier de nouveau.',
      ),
    };
  }
  return { separator, encoding, ...readRecords(definition, header, reading) };
}

/** A workbook's first sheet, read into records (xlsx.ts): its first row is the header. */
export function parseReferentialSheet(
  definition: ReferentialDefinition,
  reading: CsvReading,
): ParsedFile | { problem: FileProblem } {
  const expected = layoutColumns(definition);
  const header = (reading.records[0]?.fields ?? []).map(normaliseHeader);
  // A sheet's empty cells at the right end of the header are not columns.
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  if (!header.some((h) => expected.includes(h))) {
    return {
      problem: fileProblem(
        'colonnes-manquantes',
        `La première ligne de la première feuille ne nomme aucune des colonnes attendues (${expected.join(', ')}).`,
        'Mettez la ligne d’en-tête du modèle en première ligne de la première feuille du classeur.',
      ),
    };
  }
  const problem = headerProblem(expected, header, 'première ligne de la première feuille');
  if (problem) return { problem };
  const records = reading.records.map((r) => ({
    ...r,
    fields: r.fields.slice(0, Math.max(header.length, lastFilled(r.fields))),
  }));
  return { separator: 'xlsx', encoding: 'utf-8', ...readRecords(definition, header, { ...reading, records }) };
}

const lastFilled = (fields: string[]) => {
  let n = fields.length;
  while (n > 0 && (fields[n - 1] ?? '').trim() === '') n--;
  return n;
};

function headerProblem(expected: string[], header: string[], where: string): FileProblem | null {
  const missing = expected.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return fileProblem(
      'colonnes-manquantes',
      `Il manque ${missing.length > 1 ? 'les colonnes' : 'la colonne'} ${missing.map((m) => `« ${m} »`).join(', ')} (${where}).`,
      `Ajoutez ${missing.length > 1 ? 'ces colonnes' : 'cette colonne'} à la ligne d’en-tête (même vides pour un champ facultatif) : ${expected.join(';')}.`,
    );
  }
  const unknown = header.filter((h) => !expected.includes(h));
  const doubled = header.filter((h, i) => header.indexOf(h) !== i);
  if (unknown.length > 0 || doubled.length > 0) {
    const names = [...unknown, ...doubled].map((u) => `« ${u || '(sans nom)'} »`).join(', ');
    return fileProblem(
      'colonnes-inconnues',
      `La ligne d’en-tête a des colonnes que ce référentiel n’a pas, ou en double : ${names}.`,
      `Gardez exactement les colonnes du modèle : ${expected.join(';')}.`,
    );
  }
  return null;
}

function readRecords(
  definition: ReferentialDefinition,
  header: string[],
  reading: CsvReading,
): Pick<ParsedFile, 'rows' | 'invalid' | 'dataLines'> {
  const [, ...records] = reading.records;
  const columnOf = new Map(header.map((h, i) => [h, i]));
  const rows: ParsedRow[] = [];
  const invalid: InvalidRow[] = [];
  const firstLineOf = new Map<string, number>();
  const codePattern = new RegExp(definition.codeFormat);
  const strayLines = new Set(reading.strayQuoteLines);

  for (const line of reading.strayQuoteLines) {
    invalid.push({
      line,
      code: '',
      reason: 'Du texte suit un guillemet fermant : la ligne ne peut pas être lue sûrement.',
    });
  }
  for (const record of records) {
    if (strayLines.has(record.line)) continue;
    const outcome = readRow(definition, record, header.length, columnOf, codePattern);
    if ('reason' in outcome) {
      invalid.push(outcome);
      continue;
    }
    const earlier = firstLineOf.get(outcome.code);
    if (earlier !== undefined) {
      invalid.push({
        line: record.line,
        code: outcome.code,
        reason: `Code en double : il figure déjà ligne ${earlier}.`,
      });
      continue;
    }
    firstLineOf.set(outcome.code, record.line);
    rows.push(outcome);
  }
  invalid.sort((a, b) => a.line - b.line);
  return { rows, invalid, dataLines: records.length + reading.strayQuoteLines.length };
}

function readRow(
  definition: ReferentialDefinition,
  record: CsvRecord,
  width: number,
  columnOf: Map<string, number>,
  codePattern: RegExp,
): ParsedRow | InvalidRow {
  const raw = (column: string) => (record.fields[columnOf.get(column) ?? -1] ?? '').trim();
  const code = raw(CODE_COLUMN);
  if (record.fields.length !== width) {
    return {
      line: record.line,
      code,
      reason: `La ligne a ${record.fields.length} colonnes, l’en-tête en a ${width}.`,
    };
  }
  const reasons: string[] = [];
  if (code === '') reasons.push('Code absent.');
  else if (!codePattern.test(code))
    reasons.push(`Code « ${code} » hors du format attendu (${definition.codeFormatHelp}).`);
  const fields: Record<string, FieldValue> = {};
  for (const field of definition.fields) {
    const value = raw(field.name);
    if (value === '') {
      if (field.required) reasons.push(`« ${field.label} » est obligatoire.`);
      continue;
    }
    const read = readValue(field, value);
    if (typeof read === 'object') reasons.push(read.reason);
    else fields[field.name] = read;
  }
  if (reasons.length > 0) return { line: record.line, code, reason: reasons.join(' ') };
  return { line: record.line, code, fields };
}

function readValue(field: ReferentialField, value: string): FieldValue | { reason: string } {
  switch (field.type) {
    case 'texte':
    case 'reference':
      return value;
    case 'entier': {
      if (!/^-?\d{1,15}$/.test(value))
        return { reason: `« ${field.label} » : « ${value} » n’est pas un nombre entier.` };
      const n = Number(value);
      if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max))
        return { reason: `« ${field.label} » : ${n} n’est pas entre ${field.min ?? '…'} et ${field.max ?? '…'}.` };
      return n;
    }
    case 'montant': {
      const digits = value.replace(/[\s\u00a0\u202f]/g, '');
      return /^\d{1,15}$/.test(digits)
        ? Number(digits)
        : { reason: `« ${field.label} » : « ${value} » n’est pas un montant en FCFA (chiffres, sans décimales).` };
    }
    case 'booleen': {
      const v = value.toLowerCase();
      if (v === 'oui' || v === 'o') return true;
      if (v === 'non' || v === 'n') return false;
      return { reason: `« ${field.label} » : « ${value} » n’est ni oui ni non.` };
    }
    case 'choix':
      return (field.values ?? []).includes(value)
        ? value
        : { reason: `« ${field.label} » : « ${value} » n’est pas parmi ${(field.values ?? []).join(', ')}.` };
    case 'date': {
      const day = readDay(value);
      return day ?? { reason: `« ${field.label} » : « ${value} » n’est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).` };
    }
  }
}

/** AAAA-MM-JJ or JJ/MM/AAAA, a day that exists, as AAAA-MM-JJ; otherwise null. */
export function readDay(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return null;
  }
  return `${y}-${m}-${d}`;
}
