import { readFile, rename, writeFile } from 'node:fs/promises';
import type { PrismaClient } from '../../prisma/client.ts';
import { canSeeCase } from '../case-access.ts';
import { SiamoError } from '../errors.ts';
import { documentPath } from '../uploads/document-store.ts';
import type { Viewer } from '../viewer.ts';
import { convertToPdf, findLibreOffice } from './pdf.ts';

export interface DocumentSummary {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
  kind: string | null;
  number: string | null;
  createdAt: Date;
}

export interface DocumentFile {
  name: string;
  mimeType: string;
  content: Buffer;
}

const SUMMARY = {
  id: true,
  name: true,
  mimeType: true,
  size: true,
  sha256: true,
  kind: true,
  number: true,
  createdAt: true,
} as const;

/** The documents of a case, for a viewer allowed to see the case. */
export async function caseDocuments(prisma: PrismaClient, viewer: Viewer, caseId: string): Promise<DocumentSummary[]> {
  const kase = await prisma.case.findUnique({ where: { id: caseId }, select: { organisationId: true } });
  if (!kase || !canSeeCase(viewer, kase)) throw new SiamoError('introuvable', 'Ce dossier n’existe pas.');
  return prisma.document.findMany({ where: { caseId }, select: SUMMARY, orderBy: { createdAt: 'asc' } });
}

/** Whether documents can be had as PDF on this server. */
export const pdfAvailable = (): boolean => findLibreOffice() !== null;

/**
 * A document's file, as stored (Word) or converted to PDF, for a viewer allowed to see its case: the
 * document is downloadable with the case's rights. A PDF is converted once, then kept beside the file.
 */
export async function readDocument(
  deps: { prisma: PrismaClient; dataDir: string },
  viewer: Viewer,
  documentId: string,
  format: 'original' | 'pdf' = 'original',
): Promise<DocumentFile> {
  const document = await deps.prisma.document.findUnique({
    where: { id: documentId },
    include: { case: { select: { organisationId: true } } },
  });
  // The same answer for a document that does not exist and one the viewer may not see.
  if (!document || !canSeeCase(viewer, document.case)) throw new SiamoError('introuvable', 'Ce document n’existe pas.');
  const content = await readFile(documentPath(deps.dataDir, document.sha256));
  if (format === 'original') return { name: document.name, mimeType: document.mimeType, content };

  const pdfName = `${document.name.replace(/\.docx$/i, '')}.pdf`;
  const cached = `${documentPath(deps.dataDir, document.sha256)}.pdf`;
  const kept = await readFile(cached).catch(() => null);
  if (kept) return { name: pdfName, mimeType: 'application/pdf', content: kept };
  const soffice = findLibreOffice();
  if (!soffice)
    throw new SiamoError(
      'introuvable',
      'La version PDF n’est pas disponible : LibreOffice n’est pas installé sur ce serveur.',
    );
  const pdf = await convertToPdf(content, soffice);
  const temporary = `${cached}.${process.pid}.tmp`;
  await writeFile(temporary, pdf);
  await rename(temporary, cached);
  return { name: pdfName, mimeType: 'application/pdf', content: pdf };
}
