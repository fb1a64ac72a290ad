import type { CsvRecord } from '../portfolio/csv-records.ts';
import { readXlsx } from '../referentials/xlsx.ts';

// A workforce file saved as a workbook (XLSX): its first sheet, read like the CSV — one record per
// non-empty row, numbered as the spreadsheet numbers its rows, so that the report names the rows a
// person sees. A row whose last cells are empty has fewer cells than the header in the workbook's
// XML: it is completed with empty fields, as the CSV's trailing semicolons would have it.

export type WorkforceRecords = { ok: true; records: CsvRecord[] } | { ok: false; fileProblem: string };

/** A workbook's archive names its main part; ZIP keeps entry names uncompressed, so they can be looked for as bytes. */
const WORKBOOK_PART = Buffer.from('xl/workbook.xml');

export async function readWorkforceXlsx(bytes: Uint8Array): Promise<WorkforceRecords> {
  const reading = await readXlsx(bytes);
  if ('problem' in reading)
    return { ok: false, fileProblem: `${reading.problem.message} ${reading.problem.action} Rien n’a été importé.` };
  const [header] = reading.records;
  // exceljs opens any ZIP archive, and finds no sheet in one that is not a workbook.
  if (!header && !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(WORKBOOK_PART))
    return {
      ok: false,
      fileProblem:
        'Le fichier est une archive ZIP mais pas un classeur XLSX : décompressez-la et importez le fichier des effectifs qu’elle contient (CSV ou XLSX). Rien n’a été importé.',
    };
  if (!header)
    return {
      ok: false,
      fileProblem:
        'La première feuille du classeur est vide : mettez-y la ligne des colonnes du modèle puis une ligne par personne. Rien n’a été importé.',
    };
  const width = header.fields.length;
  return {
    ok: true,
    records: reading.records.map((r) =>
      r.fields.length < width
        ? { line: r.line, fields: [...r.fields, ...Array<string>(width - r.fields.length).fill('')] }
        : r,
    ),
  };
}
