// Splits semicolon-separated text into records, each with the line it starts on, so that every
// problem can be reported where a person will find it in the file. Quoted fields ("a;b", "" for a
// quote) may hold semicolons and line breaks, as spreadsheets write them.

export interface CsvRecord {
  /** Line of the file where the record starts (1-based). */
  line: number;
  fields: string[];
}

export interface CsvReading {
  records: CsvRecord[];
  /** Lines that end with CR LF (Windows). */
  crlfLines: number;
  /** Where a quoted field was opened and never closed: the rest of the file is not read. */
  unclosedQuoteLine: number | null;
  /** Records with text between a closing quote and the next separator, which has no sure meaning. */
  strayQuoteLines: number[];
}

export function readCsvRecords(text: string, separator = ';'): CsvReading {
  const records: CsvRecord[] = [];
  const strayQuoteLines: number[] = [];
  let crlfLines = 0;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = 0;
  let afterQuote = false;
  let stray = false;

  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    // A blank line holds nothing to read (a final newline makes one, a spreadsheet's empty rows give
    // `;;;;`): it is not a record.
    if (!fields.every((f) => f.trim() === '')) {
      if (stray) strayQuoteLines.push(recordLine);
      else records.push({ line: recordLine, fields });
    }
    fields = [];
    stray = false;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (c === '\n') line++;
        if (!(c === '\r' && text[i + 1] === '\n')) field += c;
      }
    } else if (c === separator) {
      endField();
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') {
        crlfLines++;
        i++;
      }
      endRecord();
      line++;
      recordLine = line;
    } else if (c === '"' && field.trim() === '' && !afterQuote) {
      quoted = true;
      quoteLine = line;
      field = '';
    } else {
      if (afterQuote && c !== ' ' && c !== '\t') stray = true;
      if (!afterQuote) field += c;
    }
  }
  if (quoted) return { records, crlfLines, unclosedQuoteLine: quoteLine, strayQuoteLines };
  endRecord();
  return { records, crlfLines, unclosedQuoteLine: null, strayQuoteLines };
}
