import { AlignmentType, Paragraph, TextRun } from 'docx';
import type { CaseFacts } from '../case-facts.ts';
import { letterhead } from './letterhead.ts';
import { packOfficialDocument } from './official-document.ts';
import type { BodyParagraph, DocumentContent } from './templates/types.ts';

export const DOCX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const bodyParagraph = (p: BodyParagraph): Paragraph => {
  const { text, bold, center, indent } = typeof p === 'string' ? { text: p } : p;
  return new Paragraph({
    alignment: center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    indent: indent ? { left: 720 } : undefined,
    spacing: { after: 160 },
    children: [new TextRun({ text, bold })],
  });
};

const spacer = () => new Paragraph({ text: '' });

/** Lays a template's content out as a Word document on the official letterhead. */
export function renderDocx(input: {
  title: string;
  number: string;
  date: Date;
  facts: CaseFacts;
  content: DocumentContent;
}): Promise<Buffer> {
  const { content } = input;
  const children = [
    letterhead(input.number, input.date),
    spacer(),
    ...(content.addressee ?? []).map(
      (line) => new Paragraph({ indent: { left: 4600 }, children: [new TextRun({ text: line, bold: true })] }),
    ),
    ...(content.addressee ? [spacer()] : []),
    ...(content.heading ?? []).map(
      (line, i) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [new TextRun({ text: line, bold: true, size: i === 0 ? 28 : 24 })],
        }),
    ),
    ...(content.object
      ? [
          new Paragraph({
            spacing: { after: 240 },
            children: [new TextRun({ text: 'Objet : ', bold: true }), new TextRun({ text: content.object })],
          }),
        ]
      : []),
    ...content.body.map(bodyParagraph),
    spacer(),
    ...(content.signatory.mention
      ? [
          new Paragraph({
            indent: { left: 4600 },
            children: [new TextRun({ text: content.signatory.mention, italics: true })],
          }),
        ]
      : []),
    new Paragraph({ indent: { left: 4600 }, children: [new TextRun({ text: content.signatory.title, bold: true })] }),
    spacer(),
    spacer(),
    spacer(),
  ];
  return packOfficialDocument({
    title: input.title,
    description: `${input.title} — dossier ${input.facts.businessKey}`,
    footer: `Document établi par Siamo — dossier ${input.facts.businessKey} — n° ${input.number}`,
    children,
  });
}
