import { uploadDocument } from '../../services/uploads/upload-document.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
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
      'ODT) and spreadsheets (XLS, XLSX, ODS, CSV), up to UPLOAD_MAX_BYTES; the content must match the extension.',
    args: {
      caseId: t.arg.id({ required: true }),
      file: t.arg({ type: 'File', required: true }),
    },
    errors: { types: [...GATE_ERRORS, NotFoundError, NotAllowedError, InvalidInputError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'uploadDocument');
      const document = await uploadDocument(ctx.prisma, {
        viewer,
        caseId: String(args.caseId),
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
