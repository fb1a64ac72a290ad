import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { READS_EVERY_SERIES } from '../../../../../processes/referentials/owner-roles.ts';
import type { PageServerLoad } from './$types';

interface Version {
  id: string;
  number: number;
  title: string;
  validFrom: string | null;
  publishedBy: { organisation: string; approverName: string | null; approverRole: string | null } | null;
}

interface Row {
  code: string;
  title: string;
  owner: string;
  ownedBy: string | null;
  current: Version | null;
  scheduled: Version | null;
  series: { id: string }[];
}

const VERSION = 'id number title validFrom publishedBy { organisation approverName approverRole }';

export const load: PageServerLoad = async ({ locals, parent }) => {
  const { data } = await graphql<{ referentials: { data?: Row[]; message?: string } }>(
    locals.session,
    `query { referentials { ... on ReferentialsSuccess { data { code title owner ownedBy current { ${VERSION} } scheduled { ${VERSION} } series { id } } } ${ERROR_FIELDS} } }`,
  );
  if (!data.referentials.data)
    error(403, data.referentials.message ?? 'Connectez-vous pour consulter les référentiels.');
  const { me } = await parent();
  // ICAMO and the ministry follow every IPM's and provider's own series.
  return { referentials: data.referentials.data, readsAll: READS_EVERY_SERIES.includes(me?.organisation.kind ?? '') };
};
