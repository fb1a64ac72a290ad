import { AlignmentType, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { type DayKey, frenchDay } from '../../processes/calendar.ts';
import { formatCardNumber } from '../../processes/enrolment/card-number.ts';
import type { CardValidity } from '../../processes/enrolment/card-validity.ts';
import { ipmIssuer, letterhead } from '../documents/letterhead.ts';
import { packOfficialDocument } from '../documents/official-document.ts';

// The member card (carte d'assuré) as a Word document on the IPM's letterhead: who it is for, their
// card number — what a provider types to check rights —, the IPM and the employer, and its validity.
// Made afresh at each request from the register: it carries no NIN, and is not a registered document.

export interface MemberCard {
  cardNumber: string;
  lastName: string;
  firstNames: string;
  birthDate: DayKey;
  /** participant, or the dependant's kind (conjoint, enfant). */
  quality: 'participant' | 'conjoint' | 'enfant';
  /** For a dependant, the participant's name and card number. */
  holder: { name: string; cardNumber: string } | null;
  ipmName: string;
  employerName: string;
  validity: CardValidity;
  /** The rule's answer on the day of issue (« Couvert le … », or why not). */
  situation: string;
  issuedOn: DayKey;
  issuedAt: Date;
}

export const MEMBER_CARD_TITLE = 'Carte d’assuré';

const QUALITIES: Record<MemberCard['quality'], string> = {
  participant: 'Participant (salarié)',
  conjoint: 'Ayant droit — conjoint(e)',
  enfant: 'Ayant droit — enfant',
};

function validityText(v: CardValidity): string {
  if (v.from === null) return 'Aucune affiliation : cette carte n’ouvre aucun droit.';
  if (v.until === null) return `À partir du ${frenchDay(v.from)}, tant que dure l’affiliation.`;
  return `Du ${frenchDay(v.from)} au ${frenchDay(v.until)} inclus.`;
}

const row = (label: string, value: string, big = false) =>
  new TableRow({
    children: [
      new TableCell({
        width: { size: 35, type: WidthType.PERCENTAGE },
        children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })],
      }),
      new TableCell({
        width: { size: 65, type: WidthType.PERCENTAGE },
        children: [new Paragraph({ children: [new TextRun({ text: value, bold: big, size: big ? 32 : undefined })] })],
      }),
    ],
  });

const centered = (text: string, size: number, bold = true) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold, size })],
  });

export function buildMemberCard(card: MemberCard): Promise<Buffer> {
  const number = formatCardNumber(card.cardNumber);
  const rows = [
    row('N° de carte d’assuré', number, true),
    row('Nom', card.lastName.toLocaleUpperCase('fr-FR')),
    row('Prénoms', card.firstNames),
    row('Date de naissance', frenchDay(card.birthDate)),
    row('Qualité', QUALITIES[card.quality]),
    ...(card.holder
      ? [row('Participant', `${card.holder.name} — carte n° ${formatCardNumber(card.holder.cardNumber)}`)]
      : []),
    row('IPM', card.ipmName),
    row('Employeur', card.employerName),
    row('Validité', validityText(card.validity)),
    row(`Situation au ${frenchDay(card.issuedOn)}`, card.situation),
  ];
  return packOfficialDocument({
    title: `${MEMBER_CARD_TITLE} n° ${number}`,
    description: `${MEMBER_CARD_TITLE} n° ${number} — ${card.ipmName}`,
    footer: `Carte établie par Siamo le ${frenchDay(card.issuedOn)} — les droits se vérifient au jour des soins (contrôle des droits).`,
    children: [
      letterhead(null, card.issuedAt, ipmIssuer(card.ipmName)),
      new Paragraph({ text: '' }),
      centered(MEMBER_CARD_TITLE.toLocaleUpperCase('fr-FR'), 32),
      centered('Assurance Maladie Obligatoire', 24, false),
      new Paragraph({ text: '' }),
      new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
      new Paragraph({ text: '' }),
      new Paragraph({
        children: [
          new TextRun({
            text: 'À présenter au prestataire de soins avec une pièce d’identité. Le prestataire vérifie les droits avec le numéro de carte. En cas de perte, prévenez votre IPM.',
            italics: true,
            size: 20,
          }),
        ],
      }),
    ],
  });
}
