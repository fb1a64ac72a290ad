import type { Document } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { canSeeCase } from '../case-access.ts';
import { SiamoError } from '../errors.ts';
import type { Viewer } from '../viewer.ts';
import { storeContent } from './document-store.ts';
import { checkUpload, tooLarge } from './upload-policy.ts';

/** A received file: its name and size as announced, and its content. */
export interface IncomingFile {
  name: string;
  size: number;
  bytes(): Promise<Uint8Array>;
}

export interface UploadDocumentOptions {
  viewer: Viewer;
  caseId: string;
  file: IncomingFile;
  dataDir: string;
  maxBytes: number;
}

/** Attaches a file to a case the viewer can see and that is still open. */
export async function uploadDocument(prisma: PrismaClient, options: UploadDocumentOptions): Promise<Document> {
  const { viewer, caseId, file } = options;
  const kase = await prisma.case.findUnique({
    where: { id: caseId },
    select: { organisationId: true, terminal: true },
  });
  if (!kase || !canSeeCase(viewer, kase))
    throw new SiamoError('introuvable', `Le dossier « ${caseId} » est introuvable.`);
  if (kase.terminal)
    throw new SiamoError('non_autorise', 'Le dossier est clos : aucun document ne peut plus y être déposé.');

  const refuse = (message: string) => new SiamoError('saisie_invalide', message, { file: message });
  // The announced size is checked before the content is read, the real one after.
  if (file.size > options.maxBytes) throw refuse(tooLarge(options.maxBytes));
  const bytes = await file.bytes();
  const checked = checkUpload(
    { name: file.name, size: bytes.byteLength, head: bytes.subarray(0, 16) },
    options.maxBytes,
  );
  if (!checked.ok) throw refuse(checked.message);

  const { sha256, size } = await storeContent(options.dataDir, bytes);
  return prisma.document.create({
    data: { caseId, name: checked.name, mimeType: checked.mimeType, size, sha256, uploadedById: viewer.userId },
  });
}
