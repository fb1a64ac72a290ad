import ExcelJS from 'exceljs';
import type { CsvReading, CsvRecord } from '../portfolio/csv-records.ts';
import { type FileProblem, fileProblem } from './file-problem.ts';

// A workbook (XLSX, read with exceljs: maintained, and it reads cell types — dates stay dates) turned
// into the records the CSV path reads: the first sheet, a record per non-empty row, each cell as the
// text a person sees (a day as AAAA-MM-JJ, a formula by its result).

/** XLSX is a ZIP archive: it starts with « PK\x03\x04 ». */
export const looksLikeXlsx = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

export async function readXlsx(bytes: Uint8Array): Promise<CsvReading | { problem: FileProblem }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return {
      problem: fileProblem(
        'classeur-illisible',
        'Le fichier ressemble à un classeur mais ne peut pas être lu comme un XLSX (endommagé, ou un autre format compressé).',
        'Ouvrez-le dans le tableur et enregistrez-le de nouveau au format « Classeur Excel (.xlsx) », ou exportez-le en CSV.',
      ),
    };
  }
  const sheet = workbook.worksheets[0];
  const records: CsvRecord[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const fields = Array.from(values, (v) => cellText(v as ExcelJS.CellValue).trim());
    if (fields.some((f) => f !== '')) records.push({ line: rowNumber, fields });
  });
  return { records, crlfLines: 0, unclosedQuoteLine: null, strayQuoteLines: [] };
}
