import { uploadToCase } from '../../services/uploads/upload-to-case.ts';
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
      const document = await uploadToCase(ctx.services.cases, viewer, {
        caseId: String(args.caseId),
        piece: args.piece ?? undefined,
        file: {
          name: args.file.name,
          size: args.file.size,
          bytes: async () => new Uint8Array(await args.file.arrayBuffer()),
        },
        dataDir: ctx.services.dataDir,
        maxBytes: ctx.services.uploadMaxBytes,
      }).catch((error) => toApiError(error));
      return { documentId: document.id };
    },
  }),
);
