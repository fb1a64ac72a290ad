import { AlignmentType, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { frenchDate } from '../../processes/calendar.ts';

/** Who issues an official document, as printed in its header. */
export interface Issuer {
  country: string;
  motto: string;
  ministry: string;
  service: string;
  place: string;
}

/** The issuer of the licensing documents. */
export const ISSUER: Issuer = {
  country: 'RÉPUBLIQUE DU SÉNÉGAL',
  motto: 'Un Peuple – Un But – Une Foi',
  // The domain brief: the labour ministry (MTDSOPRI) and its DPS grant, renew and withdraw IPM licences.
  ministry: 'MINISTÈRE DU TRAVAIL, DU DIALOGUE SOCIAL ET DES RELATIONS AVEC LES INSTITUTIONS',
  service: 'DIRECTION DE LA PROTECTION SOCIALE',
  place: 'Dakar',
};

/** ICAMO, under the same ministry's supervision: it steers the master plan and reports to its committee. */
export const ICAMO_ISSUER: Issuer = {
  ...ISSUER,
  service: 'INSTITUTION DE COORDINATION DE L’ASSURANCE MALADIE OBLIGATOIRE',
};

const centered = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, ...options })] });

/**
 * The official header: the Republic, its motto and the issuing ministry and service on the left with
 * the document's number (when it has one) under them; place and date on the right.
 */
export function letterhead(number: string | null, date: Date, issuer: Issuer = ISSUER): Table {
  const left = new TableCell({
    width: { size: 55, type: WidthType.PERCENTAGE },
    children: [
      centered(issuer.country, { bold: true }),
      centered(issuer.motto, { italics: true, size: 20 }),
      centered('————'),
      centered(issuer.ministry, { bold: true, size: 20 }),
      centered('————'),
      centered(issuer.service, { bold: true, size: 20 }),
      ...(number === null ? [] : [new Paragraph({ text: '' }), centered(`N° ${number}`, { bold: true })]),
    ],
  });
  const right = new TableCell({
    width: { size: 45, type: WidthType.PERCENTAGE },
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun(`${issuer.place}, le ${frenchDate(date)}`)],
      }),
    ],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [left, right] })],
  });
}

/** An IPM, on the documents it issues to its members (their cards): its own name under the Republic's. */
export const ipmIssuer = (name: string): Issuer => ({
  country: ISSUER.country,
  motto: ISSUER.motto,
  ministry: 'ASSURANCE MALADIE OBLIGATOIRE',
  service: name.toLocaleUpperCase('fr-FR'),
  place: 'Dakar',
});
