import JSZip from 'jszip';

/** The visible text of a .docx: its paragraphs' runs, with paragraph breaks. */
export async function docxText(content: Buffer): Promise<{ body: string; footer: string; files: string[] }> {
  const zip = await JSZip.loadAsync(content);
  const textOf = async (name: string) =>
    ((await zip.file(name)?.async('string')) ?? '')
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"');
  const files = Object.keys(zip.files);
  const footers = files.filter((f) => /^word\/footer\d*\.xml$/.test(f));
  return {
    body: await textOf('word/document.xml'),
    footer: (await Promise.all(footers.map(textOf))).join('\n'),
    files,
  };
}
