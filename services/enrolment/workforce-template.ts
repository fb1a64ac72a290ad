import ExcelJS from 'exceljs';
import { WORKFORCE_COLUMNS } from './workforce-file.ts';

// The workforce file's templates (docs/enrolment-template.md), served at /effectifs/modele.csv and
// /effectifs/modele.xlsx: the header the import expects and nothing else, so that a template sent
// back untouched imports nobody. The workbook says, beside the header, what each column takes, and
// stores the identifiers as text: a spreadsheet keeps 15 significant digits of a number, and a
// 16- or 17-digit CMU number typed as one would come back altered.

/** What each column takes, for the workbook's notice (the same words as the documentation). */
export const WORKFORCE_COLUMN_NOTES: Record<(typeof WORKFORCE_COLUMNS)[number], string> = {
  type: 'P pour un participant (salarié), A pour un ayant droit',
  matricule: 'Matricule de solde du salarié, unique dans le fichier ; pour un ayant droit, celui de son participant',
  piece: 'NIN (citoyen sénégalais) ou CMU (étranger) ; vide pour un ayant droit',
  numero: 'Le NIN (13 chiffres, le premier 1 ou 2 selon le sexe) ou le numéro CMU ; vide pour un ayant droit',
  nom: 'Nom (obligatoire)',
  prenoms: 'Prénoms (obligatoire)',
  date_naissance: 'Date de naissance : AAAA-MM-JJ ou JJ/MM/AAAA',
  sexe: 'F ou M (facultatif pour un ayant droit)',
  salaire: 'Salaire mensuel en FCFA, nombre entier ; vide pour un ayant droit',
  date_embauche: 'Premier jour couvert ; vide pour un ayant droit',
  lien: 'conjoint ou enfant pour un ayant droit ; vide pour un participant',
  certificat_scolarite_jusquau: 'Dernier jour du certificat de scolarité d’un enfant étudiant (sinon vide)',
};

const TEXT_COLUMNS = new Set(['type', 'matricule', 'piece', 'numero', 'nom', 'prenoms', 'sexe', 'lien']);
const DATE_COLUMNS = new Set(['date_naissance', 'date_embauche', 'certificat_scolarite_jusquau']);
const CHOICES: Partial<Record<(typeof WORKFORCE_COLUMNS)[number], string[]>> = {
  type: ['P', 'A'],
  piece: ['NIN', 'CMU'],
  sexe: ['F', 'M'],
  lien: ['conjoint', 'enfant'],
};
/** Rows prepared with the columns' formats and choices. */
const PREPARED_ROWS = 5000;

/** exceljs keeps a sheet's validations by address, a range included; its typings leave the list out. */
const validations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } })
    .dataValidations;

/** The CSV template: the header, with the BOM by which a spreadsheet recognises UTF-8. */
export const workforceCsvTemplate = (): string => `\uFEFF${WORKFORCE_COLUMNS.join(';')}\r\n`;

export async function workforceXlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Siamo';
  // The import reads the first sheet: the data goes there, the notice after it.
  const sheet = workbook.addWorksheet('Effectifs', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = WORKFORCE_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: Math.max(12, c.length + 4),
    style: TEXT_COLUMNS.has(c) ? { numFmt: '@' } : DATE_COLUMNS.has(c) ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  WORKFORCE_COLUMNS.forEach((c, i) => {
    const choices = CHOICES[c];
    if (!choices) return;
    const letter = sheet.getColumn(i + 1).letter;
    // One validation over the column's range (not one per cell): the rows stay unwritten, so that the
    // spreadsheet's « next row » is the second one.
    validations(sheet).add(`${letter}2:${letter}${PREPARED_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${choices.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Valeur inattendue',
      error: `Attendu : ${choices.join(' ou ')}.`,
    });
  });
  const notice = workbook.addWorksheet('Notice');
  notice.columns = [
    { header: 'colonne', key: 'colonne', width: 30 },
    { header: 'ce qu’elle contient', key: 'note', width: 100 },
  ];
  notice.getRow(1).font = { bold: true };
  for (const c of WORKFORCE_COLUMNS) notice.addRow({ colonne: c, note: WORKFORCE_COLUMN_NOTES[c] });
  notice.addRow({});
  notice.addRow({
    colonne: 'Import',
    note: 'Une ligne par salarié (P) et une par ayant droit (A), qui nomme son participant par son matricule. Le fichier est importé en entier ou pas du tout : le compte rendu liste chaque ligne refusée et pourquoi. Gardez l’ordre des ayants droit d’un salarié d’un import à l’autre.',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
