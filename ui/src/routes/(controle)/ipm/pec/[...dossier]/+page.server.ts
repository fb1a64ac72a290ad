import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { IPM_PEC_ROW, type IpmPecRow } from '../pec-row.ts';
import type { Actions, PageServerLoad } from './$types';

// One request made to the IPM, and its decision through `decidePec`: grant (observations), refuse
// (a reason), or the medical adviser's opinion when the care package asks for it. Each form carries
// the revision it was shown at (a decision taken meanwhile is not overwritten) and a request id (sent
// twice on a dropped line, it decides once).

type Lookup = { pecRequests: { __typename: string; message?: string; data?: IpmPecRow[] } };

async function requestOf(session: App.Locals['session'], caseId: string): Promise<IpmPecRow> {
  const { data } = await graphql<Lookup>(
    session,
    `query($caseId: ID!) { pecRequests(caseId: $caseId) {
      __typename ... on PecRequestsSuccess { data { ${IPM_PEC_ROW} } } ${ERROR_FIELDS} } }`,
    { caseId },
  );
  const list = data.pecRequests;
  if (!list.data) error(403, list.message ?? 'Votre rôle ne permet pas de consulter les prises en charge.');
  const found = list.data[0];
  if (!found) error(404, 'Demande de prise en charge introuvable : elle n’existe pas ou n’est pas faite à votre IPM.');
  return found;
}

export const load: PageServerLoad = async ({ locals, params }) => ({
  request: await requestOf(locals.session, params.dossier),
  requestId: randomUUID(),
});

async function decide(locals: App.Locals, caseId: string, form: FormData, decision: string) {
  const reason = String(form.get('motif') ?? '').trim();
  const revision = Number(form.get('revision'));
  const { data } = await graphql<{
    decidePec: {
      __typename: string;
      message?: string;
      fields?: { field: string; message: string }[];
    } & Partial<IpmPecRow>;
  }>(
    locals.session,
    `mutation($caseId: ID!, $decision: String!, $reason: String, $revision: Int, $requestId: String) {
      decidePec(caseId: $caseId, decision: $decision, reason: $reason, expectedRevision: $revision, requestId: $requestId) {
        __typename ... on PecRequest { ${IPM_PEC_ROW} } ${ERROR_FIELDS} } }`,
    {
      caseId,
      decision,
      reason: reason || null,
      revision: Number.isInteger(revision) && revision > 0 ? revision : null,
      requestId: String(form.get('requestId') ?? '') || null,
    },
  );
  const answer = data.decidePec;
  if (answer.__typename !== 'PecRequest')
    return fail(400, {
      decision,
      motif: reason,
      message: answer.fields?.map((f) => f.message).join(' ') || answer.message,
    });
  return { decided: answer as IpmPecRow };
}

export const actions: Actions = {
  accorder: async ({ locals, params, request }) => decide(locals, params.dossier, await request.formData(), 'accorder'),
  refuser: async ({ locals, params, request }) => decide(locals, params.dossier, await request.formData(), 'refuser'),
  avis: async ({ locals, params, request }) => {
    const form = await request.formData();
    const opinion = String(form.get('avis') ?? '');
    if (opinion !== 'favorable' && opinion !== 'defavorable')
      return fail(400, {
        decision: 'avis',
        motif: String(form.get('motif') ?? ''),
        message: 'Choisissez l’avis du médecin-conseil : favorable ou défavorable.',
      });
    return decide(locals, params.dossier, form, `avis_${opinion}`);
  },
};
