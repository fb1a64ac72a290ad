import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../services/portfolio/csv-records.ts';
import { readCsvFast } from '../services/referentials/read-csv.ts';
import { medicinesCsv, sampleMedicines } from '../services/referentials/samples.ts';

// The referentials' fast CSV reader keeps the portfolio reader's rules: both read these the same way.

const TRICKY = [
  'a;b\r\nc;"d;\r\ne"\n\n;;\n"x""y";z\n',
  '"q" w;1\nok;2\n',
  'a;"b',
  'x;y;',
  '"a\nb";c\r\nd',
  ' "a" ;b\nc',
  'a"b;c\n',
  '\n\n\n',
  '"";""\n',
];

describe('the fast CSV reader', () => {
  it.each(TRICKY)('reads %j as the portfolio reader does', (text) => {
    expect(readCsvFast(text, ';')).toEqual(readCsvRecords(text, ';'));
  });

  it('reads a generated medicines file as the portfolio reader does', () => {
    const text = medicinesCsv(sampleMedicines(500));
    expect(readCsvFast(text, ';')).toEqual(readCsvRecords(text, ';'));
    expect(readCsvFast(text.replaceAll(';', ','), ',')).toEqual(readCsvRecords(text.replaceAll(';', ','), ','));
  });
});
