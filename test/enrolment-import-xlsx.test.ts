import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { importWorkforce } from '../services/enrolment/import-workforce.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { workforceCsvTemplate, workforceXlsxTemplate } from '../services/enrolment/workforce-template.ts';
import { insertEmployer, testDataKeys } from './support/enrolment.ts';
import { workforceDatabase } from './support/workforce-database.ts';

// The workforce file as a workbook (XLSX) on a real PostgreSQL: the same lines as a CSV give the same
// report, line for line — the rows of the workbook numbered as the CSV's lines —, a valid workbook is
// stored as the CSV would be (and again changes nothing), and a workbook that cannot be read is refused
// with what to do, nothing written.

const HEADER = WORKFORCE_COLUMNS.join(';');
const csv = (lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
const ASOF = '2026-12-01';

/** The served template, filled with `lines` (semicolon-separated, as in the CSV) by exceljs, as a spreadsheet would. */
async function workbook(lines: string[], cell: (column: string, text: string) => ExcelJS.CellValue = (_c, t) => t) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await workforceXlsxTemplate()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0] as ExcelJS.Worksheet;
  for (const line of lines) {
    const texts = line.split(';');
    // Trailing empty cells are not written, as a spreadsheet leaves them.
    while (texts.length > 0 && texts.at(-1) === '') texts.pop();
    sheet.addRow(texts.map((t, i) => (t === '' ? null : cell(WORKFORCE_COLUMNS[i] as string, t))));
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Typed as a spreadsheet types them: days as dates, amounts as numbers. */
const typed = (column: string, text: string): ExcelJS.CellValue => {
  if (column === 'salaire') return Number(text.replace(/\s/g, ''));
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  return text;
};

const MIXED = [
  'P;X001;NIN;2751198509999;Sarr;Fatou;1985-01-01;F;200000;2026-01-01;;',
  'P;X002;NIN;175119850999;Ba;Alioune;1985-01-01;M;200000;2026-01-01;;',
  'P;X003;NIN;2751198509999;Sarr;Fatou;1985-01-01;F;200000;2026-01-01;;',
  'A;X001;;;Sarr;Modou;2004-06-01;M;;;enfant;',
  'A;X001;;;Sarr;Aïda;2012-06-01;F;;;enfant;',
  'P;X004;CMU;30012345678901;Mensah;Kofi;1990-02-02;M;180000;2026-03-01;;',
  'X;X005;;;;;;;;;;',
];

const VALID = [
  'P;V001;NIN;2751198501234;Diop;Awa;07/11/1985;F;250000;2026-01-01;;',
  'A;V001;;;Diop;Moussa;2010-05-02;M;;;enfant;',
  'P;V002;NIN;1820505001111;Fall;Ibrahima;1982-05-05;M;310000;2025-06-01;;',
  'A;V002;;;Fall;Aminata;2004-01-15;F;;;enfant;2027-07-31',
];

const db = workforceDatabase();
const keys = testDataKeys();
const counts = () => db.counts();

describe('importing a workforce workbook (XLSX)', () => {
  it('reports the valid and invalid lines of a workbook as it reports the same CSV, and writes nothing', async () => {
    const employerId = await insertEmployer(db.pool, 'IPM-X1');
    const run = (bytes: Uint8Array) =>
      importWorkforce(db.pool, { ipmId: 'IPM-X1', employerId, bytes, keys, asOf: ASOF });
    const before = await counts();
    const fromCsv = await run(csv(MIXED));
    const fromXlsx = await run(await workbook(MIXED));
    const fromTypedXlsx = await run(await workbook(MIXED, typed));
    // What the report says, independently of the CSV: the refused lines and why.
    expect(fromXlsx.applied).toBe(false);
    expect(fromXlsx.lines).toBe(7);
    expect(fromXlsx.refused.map((r) => r.line)).toEqual([3, 4, 5, 8]);
    expect(fromXlsx.refused[0]?.problems).toEqual([
      'Le NIN doit compter 13 chiffres (carte d’identité biométrique CEDEAO) ; celui-ci en compte 12. Un étranger est enregistré avec son numéro de carte CMU.',
    ]);
    expect(fromXlsx.refused[1]?.problems).toEqual(['Doublon dans le fichier : même NIN que la ligne 2.']);
    expect(fromXlsx.refused[2]?.problems[0]).toMatch(/^Ayant droit refusé — règle de la limite d’âge des enfants/);
    expect(fromXlsx.refused[3]?.problems[0]).toBe('Type « X » inconnu : attendu P (participant) ou A (ayant droit).');
    // And the same as the CSV's, word for word, whether the cells hold text or dates and numbers.
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromTypedXlsx).toEqual(fromCsv);
    expect(await counts()).toEqual(before);
  });

  it('stores a valid workbook as the CSV would, and the same workbook again changes nothing', async () => {
    const employerId = await insertEmployer(db.pool, 'IPM-X2');
    const run = (bytes: Uint8Array) =>
      importWorkforce(db.pool, { ipmId: 'IPM-X2', employerId, bytes, keys, asOf: ASOF });
    const before = await counts();
    const bytes = await workbook(VALID, typed);
    const report = await run(bytes);
    expect(report).toMatchObject({
      applied: true,
      fileProblem: null,
      lines: 4,
      refused: [],
      participantsCreated: 2,
      dependantsCreated: 2,
    });
    const after = await counts();
    expect(after).toEqual({ p: (before?.p ?? 0) + 2, a: (before?.a ?? 0) + 2, d: (before?.d ?? 0) + 2 });
    const stored = await db.pool.query<{ matricule: string; birth: string; salary: number; hire: string }>(
      `SELECT p."matricule", to_char(p."birthDate", 'YYYY-MM-DD') AS birth, p."salary", to_char(a."validFrom", 'YYYY-MM-DD') AS hire
         FROM "Participant" p JOIN "Affiliation" a ON a."participantId" = p."id" WHERE p."employerId" = $1 ORDER BY 1`,
      [employerId],
    );
    expect(stored.rows).toEqual([
      { matricule: 'V001', birth: '1985-11-07', salary: 250000, hire: '2026-01-01' },
      { matricule: 'V002', birth: '1982-05-05', salary: 310000, hire: '2025-06-01' },
    ]);
    const certificate = await db.pool.query<{ until: string }>(
      `SELECT to_char("studentCertificateUntil", 'YYYY-MM-DD') AS until FROM "Dependant" WHERE "firstNames" = 'Aminata'`,
    );
    expect(certificate.rows).toEqual([{ until: '2027-07-31' }]);

    const again = await run(bytes);
    expect(again).toMatchObject({
      applied: true,
      participantsCreated: 0,
      participantsAlreadyPresent: 2,
      dependantsCreated: 0,
    });
    // The CSV of the same lines finds them too: one register, whatever the format.
    const asCsv = await run(csv(VALID));
    expect(asCsv).toMatchObject({ applied: true, participantsCreated: 0, participantsAlreadyPresent: 2 });
    expect(await counts()).toEqual(after);
  });

  it('refuses a workbook it cannot read, or one not laid out as the template, and writes nothing', async () => {
    const employerId = await insertEmployer(db.pool, 'IPM-X3');
    const run = (bytes: Uint8Array) =>
      importWorkforce(db.pool, { ipmId: 'IPM-X3', employerId, bytes, keys, asOf: ASOF });
    const before = await counts();

    // A ZIP archive's signature and nothing behind it (a download cut short).
    const cut = (await workbook(VALID)).subarray(0, 300);
    const damaged = await run(cut);
    expect(damaged).toMatchObject({ applied: false, refused: [], participantsCreated: 0 });
    expect(damaged.fileProblem).toBe(
      'Le fichier ressemble à un classeur mais ne peut pas être lu comme un XLSX (endommagé, ou un autre format compressé). Ouvrez-le dans le tableur et enregistrez-le de nouveau au format « Classeur Excel (.xlsx) », ou exportez-le en CSV. Rien n’a été importé.',
    );
    // A ZIP that is no workbook.
    const zip = new JSZip();
    zip.file('effectifs.csv', `${HEADER}\r\n${VALID.join('\r\n')}`);
    expect((await run(await zip.generateAsync({ type: 'uint8array' }))).fileProblem).toBe(
      'Le fichier est une archive ZIP mais pas un classeur XLSX : décompressez-la et importez le fichier des effectifs qu’elle contient (CSV ou XLSX). Rien n’a été importé.',
    );

    // Either template sent back untouched: nobody to import.
    for (const template of [
      new Uint8Array(await workforceXlsxTemplate()),
      new TextEncoder().encode(workforceCsvTemplate()),
    ])
      expect((await run(template)).fileProblem).toBe(
        'Le fichier ne contient que la ligne des colonnes : aucun participant importé.',
      );

    // Another layout: the header is named in the workbook's terms.
    const other = new ExcelJS.Workbook();
    const sheet = other.addWorksheet('Personnel');
    sheet.addRow(['nom', 'prenom', 'nin']);
    sheet.addRow(['Diop', 'Awa', '2751198501234']);
    expect((await run(new Uint8Array(await other.xlsx.writeBuffer()))).fileProblem).toBe(
      `La première ligne de la première feuille doit nommer les colonnes du modèle, une par cellule : ${WORKFORCE_COLUMNS.join(', ')}. Colonnes absentes : type, matricule, piece, numero, prenoms, date_naissance, sexe, salaire, date_embauche, lien, certificat_scolarite_jusquau. Rien n’a été importé.`,
    );

    // An empty first sheet.
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Feuil1');
    expect((await run(new Uint8Array(await blank.xlsx.writeBuffer()))).fileProblem).toBe(
      'La première feuille du classeur est vide : mettez-y la ligne des colonnes du modèle puis une ligne par personne. Rien n’a été importé.',
    );

    // A line with a cell beyond the template's columns.
    const wide = await workbook([`${VALID[0]};en trop`]);
    const tooWide = await run(wide);
    expect(tooWide.refused).toEqual([
      {
        line: 2,
        problems: [
          'La ligne a 13 cellules au lieu de 12 : effacez les cellules à droite de la dernière colonne du modèle.',
        ],
      },
    ]);
    expect(await counts()).toEqual(before);
  });
});
