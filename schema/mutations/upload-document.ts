import type { Role } from '../../processes/roles.ts';
import { canSeeCase } from '../../services/case-access.ts';
import { engineFor } from '../../services/definition-engines.ts';
import { SiamoError } from '../../services/errors.ts';
import { OPERATIONS } from '../../services/permissions.ts';
import { sendEvent } from '../../services/send-event.ts';
import { checklistEventFor } from '../../services/uploads/checklist-event.ts';
import { uploadDocument } from '../../services/uploads/upload-document.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import {
  ActionPendingError,
  ConflictError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  toApiError,
} from '../errors.ts';
import { planned } from '../planned-query.ts';
import { DocumentRef } from '../types/document.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const UploadDocumentPayload = builder.objectRef<{ documentId: string }>('UploadDocumentPayload').implement({
  fields: (t) => ({
    document: t.prismaField({
      type: DocumentRef,
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.document.findUniqueOrThrow({ ...planned(query), where: { id: payload.documentId } }),
    }),
  }),
});

builder.mutationField('uploadDocument', (t) =>
  t.field({
    type: UploadDocumentPayload,
    description:
      'Attaches a file to an open case (GraphQL multipart request). Accepted: PDF, PNG, JPEG, Word (DOC, DOCX, ' +
      'ODT) and spreadsheets (XLS, XLSX, ODS, CSV), up to UPLOAD_MAX_BYTES; the content must match the extension. ' +
      'With `piece`, the file also becomes that item of the case’s checklist (e.g. `statuts`), through the ' +
      'checklist event you may send now; refused, nothing is kept.',
    args: {
      caseId: t.arg.id({ required: true }),
      file: t.arg({ type: 'File', required: true }),
      piece: t.arg.string({ description: 'A checklist item of the case’s current step (see AvailableEvent.input).' }),
    },
    errors: {
      types: [...GATE_ERRORS, NotFoundError, NotAllowedError, InvalidInputError, ConflictError, ActionPendingError],
      directResult: true,
    },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'uploadDocument');
      const caseId = String(args.caseId);
      let checklist: ReturnType<typeof checklistEventFor>;
      if (args.piece) {
        const kase = await ctx.prisma.case.findUnique({ where: { id: caseId } });
        if (!kase || !canSeeCase(viewer, kase)) throw new NotFoundError(`Le dossier « ${caseId} » est introuvable.`);
        const engine = await engineFor(ctx.prisma, kase.processId, kase.processVersion);
        const roles = viewer.roles.filter((r) => (OPERATIONS.sendEvent as readonly Role[]).includes(r));
        checklist = engine && !kase.terminal ? checklistEventFor(engine, kase.state, roles, args.piece) : undefined;
        if (!checklist) {
          throw new NotAllowedError(
            'non_autorise',
            'Cette pièce ne fait pas partie des pièces que vous pouvez déposer à cette étape du dossier.',
            { state: kase.state },
          );
        }
      }
      const document = await uploadDocument(ctx.prisma, {
        viewer,
        caseId,
        file: {
          name: args.file.name,
          size: args.file.size,
          bytes: async () => new Uint8Array(await args.file.arrayBuffer()),
        },
        dataDir: ctx.services.dataDir,
        maxBytes: ctx.services.uploadMaxBytes,
      }).catch((error) => toApiError(error));
      if (checklist && args.piece) {
        try {
          await sendEvent(ctx.services.cases, {
            caseId,
            event: checklist.event,
            input: { [checklist.field]: { [args.piece]: document.id } },
            actor: { id: viewer.userId, role: checklist.role },
            // One attachment per uploaded file, however often the request is retried.
            requestId: `piece:${document.id}`,
          });
        } catch (error) {
          // Refused by the case (it moved on meanwhile): nothing was applied, and the upload is not kept.
          // Any other failure leaves the outcome unknown — the event may have landed — so the file stays.
          if (error instanceof SiamoError) await ctx.prisma.document.delete({ where: { id: document.id } });
          return toApiError(error, { event: checklist.event, role: checklist.role });
        }
      }
      return { documentId: document.id };
    },
  }),
);
