import type { Document } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { dakarYear } from '../../processes/calendar.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../processes/effects.ts';
import { loadCaseFacts } from '../case-facts.ts';
import { storeContent } from '../uploads/document-store.ts';
import { nextInSequence, officialNumber } from './numbering.ts';
import { DOCX_MIME_TYPE, renderDocx } from './render.ts';
import { DOCUMENT_TEMPLATES } from './templates/index.ts';

export interface GenerateRequest {
  caseId: string;
  /** The transition that asks for the document, and the effect's position in it: the generation key. */
  revision: number;
  index: number;
  kind: DocumentKind;
}

/**
 * Generates an official document for a case and stores it with the case, once per (case, revision,
 * effect position): asked again — a retried effect, a replayed workflow, two attempts at once — it
 * returns the document already made. The number is taken, the file written and the row inserted in
 * one transaction, so a number is used by exactly one document.
 */
export async function generateDocument(
  deps: { prisma: PrismaClient; dataDir: string },
  request: GenerateRequest,
): Promise<Document> {
  const { prisma, dataDir } = deps;
  const generationKey = `${request.caseId}:${request.revision}:${request.index}`;
  const made = await prisma.document.findUnique({ where: { generationKey } });
  if (made) return made;

  const facts = await loadCaseFacts(prisma, request.caseId, request.revision);
  // Effects of a transition run in order: a number given before the document is there to cite.
  const issued = await prisma.issuedNumber.findFirst({
    where: { key: { startsWith: `${request.caseId}:${request.revision}:` } },
    select: { number: true },
  });
  const template = DOCUMENT_TEMPLATES[request.kind];
  const title = DOCUMENT_KINDS[request.kind];
  if (!template || !title)
    throw new Error(`Modèle de document inconnu « ${request.kind} » : aucun domaine ne le fournit.`);
  const date = new Date();
  const year = dakarYear(date);
  try {
    return await prisma.$transaction(
      async (tx) => {
        const number = officialNumber(year, template.prefix, await nextInSequence(tx, request.kind, year));
        const content = await renderDocx({
          title,
          number,
          date,
          facts,
          content: template.build(facts, number, { issuedNumber: issued?.number ?? null }),
        });
        // The same content-addressed store as uploaded files: `<data folder>/documents/<sha256>`.
        const { sha256, size } = await storeContent(dataDir, content);
        return tx.document.create({
          data: {
            caseId: request.caseId,
            name: `${template.fileName}-${number.replaceAll('/', '-')}.docx`,
            mimeType: DOCX_MIME_TYPE,
            size,
            sha256,
            kind: request.kind,
            number,
            generationKey,
          },
        });
      },
      // Waits behind other generations of the same kind, which hold the sequence's row.
      { maxWait: 30_000, timeout: 60_000 },
    );
  } catch (error) {
    // Another attempt made it first: its document stands, and our number went back with the rollback.
    if ((error as { code?: string }).code === 'P2002') {
      const other = await prisma.document.findUnique({ where: { generationKey } });
      if (other) return other;
    }
    throw error;
  }
}
