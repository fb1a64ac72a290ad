import type { Document } from '../../generated/prisma/client.ts';
import { canSeeCase } from '../case-access.ts';
import type { CaseServiceContext } from '../context.ts';
import { engineFor } from '../definition-engines.ts';
import { SiamoError } from '../errors.ts';
import { checkEvent } from '../process-checks.ts';
import { sendEvent } from '../send-event.ts';
import type { Viewer } from '../viewer.ts';
import { workingRoles } from '../working-role.ts';
import { type ChecklistEvent, checklistEventFor } from './checklist-event.ts';
import { type IncomingFile, uploadDocument } from './upload-document.ts';

export interface UploadToCaseRequest {
  caseId: string;
  file: IncomingFile;
  /** A checklist item of the case's current step: the file also becomes that item. */
  piece?: string;
  dataDir: string;
  maxBytes: number;
}

/**
 * `viewer` attaches a file to a case, and with `piece` makes it that item of the case's checklist
 * through the checklist event they may send now: the command the API, the portal and a batch share.
 * Refused, nothing is kept.
 */
export async function uploadToCase(
  ctx: CaseServiceContext,
  viewer: Viewer,
  request: UploadToCaseRequest,
): Promise<Document> {
  const { caseId, piece } = request;
  let checklist: ChecklistEvent | undefined;
  let kase: { processId: string; state: string } | undefined;
  if (piece) {
    const found = await ctx.prisma.case.findUnique({ where: { id: caseId } });
    if (!found || !canSeeCase(viewer, found))
      throw new SiamoError('introuvable', `Le dossier « ${caseId} » est introuvable.`);
    kase = found;
    const engine = await engineFor(ctx.prisma, found.processId, found.processVersion);
    checklist =
      engine && !found.terminal ? checklistEventFor(engine, found.state, workingRoles(viewer), piece) : undefined;
    if (!checklist) {
      throw new SiamoError(
        'non_autorise',
        'Cette pièce ne fait pas partie des pièces que vous pouvez déposer à cette étape du dossier.',
        undefined,
        { state: kase.state },
      );
    }
  }
  const document = await uploadDocument(ctx.prisma, {
    viewer,
    caseId,
    file: request.file,
    dataDir: request.dataDir,
    maxBytes: request.maxBytes,
  });
  if (!checklist || !piece || !kase) return document;
  try {
    const input = { [checklist.field]: { [piece]: document.id } };
    await checkEvent(ctx.prisma, kase.processId, {
      viewer,
      role: checklist.role,
      caseId,
      event: checklist.event,
      state: kase.state,
      input,
    });
    await sendEvent(ctx, {
      caseId,
      event: checklist.event,
      input,
      actor: { id: viewer.userId, role: checklist.role },
      // One attachment per uploaded file, however often the request is retried.
      requestId: `piece:${document.id}`,
    });
    return document;
  } catch (error) {
    // Refused by the case (it moved on meanwhile): nothing was applied, and the upload is not kept.
    // Any other failure leaves the outcome unknown — the event may have landed — so the file stays.
    if (!(error instanceof SiamoError)) throw error;
    await ctx.prisma.document.delete({ where: { id: document.id } });
    throw new SiamoError(error.code, error.message, error.fieldErrors, {
      event: checklist.event,
      role: checklist.role,
    });
  }
}
