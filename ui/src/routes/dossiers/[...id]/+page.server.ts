import { fail } from '@sveltejs/kit';
import { readInput } from '$lib/fields.ts';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql, graphqlUpload, UploadRefused } from '$lib/server/api.ts';
import { loadCase } from '$lib/server/case.ts';
import { layoutStatechart } from '$lib/server/statechart-layout.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const kase = await loadCase(locals.session, params.id);
  return {
    kase,
    diagram: await layoutStatechart(`${kase.processId}@${kase.version}`, kase.process.statechart),
    // One per display of the form: a resubmission after a dropped connection lands once.
    requestId: crypto.randomUUID(),
    // The document shown beside the checklist (a link sets it: no script needed).
    preview: url.searchParams.get('apercu'),
  };
};

/** A file turned away by the API (too large), as a result the action puts on its form. */
const refused = (error: unknown): { refused: string } => {
  if (error instanceof UploadRefused) return { refused: error.message };
  throw error;
};

type SendResult = { __typename: 'CasePayload' } | ApiError;
type UploadResult = { __typename: 'UploadDocumentPayload' } | ApiError;

export const actions: Actions = {
  evenement: async ({ locals, params, request }) => {
    const form = await request.formData();
    const event = String(form.get('evenement') ?? '');
    const kase = await loadCase(locals.session, params.id);
    const available = kase.availableEvents.find((e) => e.id === event);
    if (!available) {
      return fail(409, {
        event,
        message: `Cette action n’est plus possible : le dossier est maintenant « ${kase.stateLabel} ».`,
        errors: {} as Record<string, string>,
        values: {} as Record<string, unknown>,
      });
    }
    const read = readInput(available.input, form);
    // A form that edits the case's data starts from what it holds: send only what the person changed,
    // so that the history says what changed.
    const edits = kase.process.statechart.transitions.some(
      (t) => t.event === event && t.from === kase.state && t.to === kase.state,
    );
    const input = edits
      ? Object.fromEntries(
          Object.entries(read).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(kase.context[name])),
        )
      : read;
    if (edits && Object.keys(input).length === 0) {
      return fail(400, {
        event,
        message: 'Rien n’a changé : aucune modification à enregistrer.',
        errors: {} as Record<string, string>,
        values: read,
      });
    }
    const { data } = await graphql<{ sendEvent: SendResult }>(
      locals.session,
      `mutation ($input: SendEventInput!) { sendEvent(input: $input) { __typename ${ERROR_FIELDS} } }`,
      {
        input: {
          caseId: params.id,
          event,
          input,
          expectedRevision: Number(form.get('revision')),
          requestId: String(form.get('requestId') ?? '') || undefined,
        },
      },
    );
    const result = data.sendEvent;
    if (result.__typename !== 'CasePayload') {
      const e = result as ApiError;
      return fail(e.__typename === 'ConflictError' ? 409 : 400, {
        event,
        message: e.message,
        errors: fieldErrors(e),
        values: input,
      });
    }
    return { done: available.label };
  },

  piece: async ({ locals, params, request }) => {
    const form = await request.formData();
    const piece = String(form.get('piece') ?? '');
    const file = form.get('fichier');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { piece, message: 'Choisissez le fichier de cette pièce.' });
    }
    const result = await graphqlUpload<{ uploadDocument: UploadResult }>(
      locals.session,
      `mutation ($caseId: ID!, $file: File!, $piece: String) {
        uploadDocument(caseId: $caseId, file: $file, piece: $piece) { __typename ${ERROR_FIELDS} }
      }`,
      { caseId: params.id, piece },
      file,
    ).catch(refused);
    if ('refused' in result) return fail(413, { piece, message: result.refused });
    if (result.uploadDocument.__typename !== 'UploadDocumentPayload') {
      return fail(400, { piece, message: (result.uploadDocument as ApiError).message });
    }
    return { attached: file.name };
  },

  document: async ({ locals, params, request }) => {
    const form = await request.formData();
    const file = form.get('fichier');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { upload: true, message: 'Choisissez un fichier à joindre.' });
    }
    const result = await graphqlUpload<{ uploadDocument: UploadResult }>(
      locals.session,
      `mutation ($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { __typename ${ERROR_FIELDS} } }`,
      { caseId: params.id },
      file,
    ).catch(refused);
    if ('refused' in result) return fail(413, { upload: true, message: result.refused });
    if (result.uploadDocument.__typename !== 'UploadDocumentPayload') {
      return fail(400, { upload: true, message: (result.uploadDocument as ApiError).message });
    }
    return { uploaded: file.name };
  },
};
