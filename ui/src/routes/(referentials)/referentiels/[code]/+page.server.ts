import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import { READS_EVERY_SERIES } from '../../../../../../processes/referentials/owner-roles.ts';
import type { PageServerLoad } from './$types';

// One referential: its versions, newest first. For one each IPM or provider keeps, ICAMO and the
// ministry first see every organisation's series (its version in force, since when, who published
// it), then one organisation's versions (`?organisation=`); an IPM sees its own series only.

interface Version {
  id: string;
  number: number;
  title: string;
  status: string;
  statusLabel: string;
  validFrom: string | null;
  validTo: string | null;
  rowCount: number;
  ownerOrganisationId: string;
  publishedBy: { organisation: string; approverName: string | null; approverRole: string | null } | null;
}

interface Referential {
  code: string;
  title: string;
  owner: string;
  ownedBy: string | null;
  series: Version[];
}

const VERSION =
  'id number title status statusLabel validFrom validTo rowCount ownerOrganisationId publishedBy { organisation approverName approverRole }';

export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
  const { data } = await graphql<{ referentials: { data?: Referential[]; message?: string } }>(
    locals.session,
    `query { referentials { ... on ReferentialsSuccess { data { code title owner ownedBy series { ${VERSION} } } } ${ERROR_FIELDS} } }`,
  );
  if (!data.referentials.data)
    error(403, data.referentials.message ?? 'Connectez-vous pour consulter les référentiels.');
  const referential = data.referentials.data.find((r) => r.code === params.code);
  if (!referential) error(404, `Le référentiel « ${params.code} » n’existe pas.`);

  const organisation = url.searchParams.get('organisation') || null;
  const { me } = await parent();
  // Every series at once for those who read them all, until one is chosen.
  const readsAll = READS_EVERY_SERIES.includes(me?.organisation.kind ?? '');
  const overview = referential.ownedBy !== null && organisation === null && readsAll;
  if (overview) return { referential, organisation, versions: null, problem: null };

  const answer = await graphql<{ referentialVersions: { data?: Version[]; message?: string } }>(
    locals.session,
    `query ($code: String!, $owner: ID) { referentialVersions(referential: $code, owner: $owner) {
      ... on ReferentialVersionsSuccess { data { ${VERSION} } } ${ERROR_FIELDS} } }`,
    { code: referential.code, owner: organisation },
  );
  const versions = answer.data.referentialVersions.data ?? null;
  return {
    referential,
    organisation,
    versions,
    problem: versions ? null : (answer.data.referentialVersions.message ?? null),
  };
};
