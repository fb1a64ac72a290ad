import { AlignmentType, Document, Footer, Packer, Paragraph, type Table, TextRun } from 'docx';

/**
 * The frame every official document shares: its metadata, the house font and the small grey footer
 * that says where it comes from. What goes on the page, letterhead included, is the caller's.
 */
export function packOfficialDocument(input: {
  title: string;
  description: string;
  footer: string;
  children: (Paragraph | Table)[];
}): Promise<Buffer> {
  const document = new Document({
    creator: 'Siamo',
    title: input.title,
    description: input.description,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ text: input.footer, size: 16, color: '52606D' })],
              }),
            ],
          }),
        },
        children: input.children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
