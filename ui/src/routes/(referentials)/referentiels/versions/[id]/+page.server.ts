import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { loadBatch } from '$lib/server/batches.ts';
import type { Actions, PageServerLoad } from './$types';

interface Line {
  position: number;
  kind: string;
  code: string;
  line: number | null;
  changes: Record<string, { avant: unknown; apres: unknown }> | null;
  reason: string | null;
}

interface Version {
  __typename: string;
  message?: string;
  id: string;
  referential: string;
  number: number;
  title: string;
  status: string;
  statusLabel: string;
  caseId: string | null;
  importBatchId: string | null;
  validFrom: string | null;
  validTo: string | null;
  rowCount: number;
  rejectionReason: string | null;
  report: Record<string, number | string>;
  reportLines: Line[];
}

const PAGE = 100;
const ROWS_PAGE = 50;

interface Rows {
  __typename: string;
  rows: { code: string; fields: Record<string, unknown> }[];
  columns: { name: string; label: string }[];
  startCursor: string | null;
  endCursor: string | null;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

/** This page's address with some of its parameters changed (unset: removed), the others kept. */
const linkTo = (url: URL, changes: Record<string, string | null>) => {
  const params = new URLSearchParams(url.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  }
  const search = params.toString();
  return `${url.pathname}${search ? `?${search}` : ''}#lignes`;
};

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const after = Number(url.searchParams.get('apres') ?? 0);
  const kind = url.searchParams.get('type') || null;
  // The rows' table: its filter form and its links are plain GET parameters, so that it works without JavaScript.
  const filter = { code: url.searchParams.get('code') ?? '', texte: url.searchParams.get('texte') ?? '' };
  const { data } = await graphql<{ referentialVersion: Version; referentialRows: Rows }>(
    locals.session,
    `query ($id: ID!, $after: Int, $kind: String, $first: Int, $code: String, $text: String, $rowsAfter: String,
        $rowsBefore: String, $rowsFirst: Int) { referentialVersion(id: $id) { __typename
      ... on ReferentialVersion { id referential number title status statusLabel caseId importBatchId validFrom validTo rowCount rejectionReason report
        reportLines(after: $after, kind: $kind, first: $first) { position kind code line changes reason } }
      ${ERROR_FIELDS} }
      referentialRows(versionId: $id, code: $code, text: $text, first: $rowsFirst, after: $rowsAfter, before: $rowsBefore) {
        __typename ... on ReferentialRows { rows { code fields } columns { name label } startCursor endCursor
          hasPreviousPage hasNextPage } } }`,
    {
      id: params.id,
      after: Number.isInteger(after) && after > 0 ? after : null,
      kind,
      first: PAGE,
      code: filter.code || null,
      text: filter.texte || null,
      rowsAfter: url.searchParams.get('lignesApres') || null,
      rowsBefore: url.searchParams.get('lignesAvant') || null,
      rowsFirst: ROWS_PAGE,
    },
  );
  const version = data.referentialVersion;
  if (version.__typename !== 'ReferentialVersion') error(404, version.message ?? 'Cette version n’existe pas.');
  const rows = data.referentialRows;
  if (rows.__typename !== 'ReferentialRows') error(404, 'Cette version n’existe pas.');
  const rowLinks = {
    previous: rows.hasPreviousPage ? linkTo(url, { lignesApres: null, lignesAvant: rows.startCursor }) : null,
    next: rows.hasNextPage ? linkTo(url, { lignesAvant: null, lignesApres: rows.endCursor }) : null,
  };
  // While its batch loads it, the version's page is its progress (for whoever may follow the batch).
  const importing = version.status === 'import_en_cours' && version.importBatchId;
  const batch = importing ? await loadBatch(locals.session, version.importBatchId as string) : null;
  const importBatch = batch && typeof batch !== 'string' ? batch : null;
  return { version, kind, pageSize: PAGE, rows, filter, rowLinks, importBatch };
};

const DECISIONS = ['approuver', 'rejeter', 'reporter', 'annuler'] as const;

// The owner's manager's decisions go through the API, which checks who may decide and refuses, in
// French, a past day or an overlap before anything changes.
export const actions: Actions = {
  decider: async ({ locals, params, request }) => {
    const form = await request.formData();
    const decision = String(form.get('decision') ?? '');
    const dateEffet = String(form.get('dateEffet') ?? '');
    const motif = String(form.get('motif') ?? '');
    if (!(DECISIONS as readonly string[]).includes(decision))
      return fail(400, { decision, dateEffet, motif, message: 'Décision inconnue : rechargez la page.' });
    const { data } = await graphql<{ decideReferentialVersion: { __typename: string } | ApiError }>(
      locals.session,
      `mutation ($id: ID!, $dateEffet: String, $motif: String) {
        decideReferentialVersion(versionId: $id, decision: ${decision}, dateEffet: $dateEffet, motif: $motif) {
          __typename ${ERROR_FIELDS} } }`,
      { id: params.id, dateEffet: dateEffet || null, motif: motif || null },
    );
    const answer = data.decideReferentialVersion;
    if (answer.__typename !== 'ReferentialVersion')
      return fail(400, { decision, dateEffet, motif, message: (answer as ApiError).message });
    return { decided: decision };
  },
};
