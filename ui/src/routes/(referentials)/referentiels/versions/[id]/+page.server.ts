import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

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
  statusLabel: string;
  validFrom: string | null;
  validTo: string | null;
  rowCount: number;
  rejectionReason: string | null;
  report: Record<string, number | string>;
  reportLines: Line[];
}

const PAGE = 100;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const after = Number(url.searchParams.get('apres') ?? 0);
  const kind = url.searchParams.get('type') || null;
  const { data } = await graphql<{ referentialVersion: Version }>(
    locals.session,
    `query ($id: ID!, $after: Int, $kind: String, $first: Int) { referentialVersion(id: $id) { __typename
      ... on ReferentialVersion { id referential number title statusLabel validFrom validTo rowCount rejectionReason report
        reportLines(after: $after, kind: $kind, first: $first) { position kind code line changes reason } }
      ${ERROR_FIELDS} } }`,
    { id: params.id, after: Number.isInteger(after) && after > 0 ? after : null, kind, first: PAGE },
  );
  const version = data.referentialVersion;
  if (version.__typename !== 'ReferentialVersion') error(404, version.message ?? 'Cette version n’existe pas.');
  return { version, kind, pageSize: PAGE };
};
