import { AlignmentType, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { frenchDate } from '../french-dates.ts';

/** Who issues Siamo's official documents, as printed in their header. */
export const ISSUER = {
  country: 'RÉPUBLIQUE DU SÉNÉGAL',
  motto: 'Un Peuple – Un But – Une Foi',
  // The domain brief: the labour ministry (MTDSOPRI) and its DPS grant, renew and withdraw IPM licences.
  ministry: 'MINISTÈRE DU TRAVAIL, DU DIALOGUE SOCIAL ET DES RELATIONS AVEC LES INSTITUTIONS',
  service: 'DIRECTION DE LA PROTECTION SOCIALE',
  place: 'Dakar',
};

const centered = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, ...options })] });

/**
 * The official header: the Republic, its motto and the issuing ministry and service on the left with
 * the document's number under them; place and date on the right.
 */
export function letterhead(number: string, date: Date): Table {
  const left = new TableCell({
    width: { size: 55, type: WidthType.PERCENTAGE },
    children: [
      centered(ISSUER.country, { bold: true }),
      centered(ISSUER.motto, { italics: true, size: 20 }),
      centered('————'),
      centered(ISSUER.ministry, { bold: true, size: 20 }),
      centered('————'),
      centered(ISSUER.service, { bold: true, size: 20 }),
      new Paragraph({ text: '' }),
      centered(`N° ${number}`, { bold: true }),
    ],
  });
  const right = new TableCell({
    width: { size: 45, type: WidthType.PERCENTAGE },
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun(`${ISSUER.place}, le ${frenchDate(date)}`)],
      }),
    ],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [left, right] })],
  });
}
