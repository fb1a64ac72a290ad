import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

interface Preference {
  kind: string;
  label: string;
  mode: string;
}

async function load$(session: string | undefined): Promise<Preference[]> {
  const { data } = await graphql<{ notificationPreferences: { data?: Preference[]; message?: string } }>(
    session,
    `query { notificationPreferences { ... on NotificationPreferencesSuccess { data { kind label mode } } ${ERROR_FIELDS} } }`,
  );
  if (!data.notificationPreferences.data) error(403, data.notificationPreferences.message ?? 'Accès refusé.');
  return data.notificationPreferences.data;
}

export const load: PageServerLoad = async ({ locals }) => ({ preferences: await load$(locals.session) });

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    for (const preference of await load$(locals.session)) {
      const mode = String(form.get(preference.kind) ?? preference.mode);
      if (mode === preference.mode) continue;
      const { data } = await graphql<{ setNotificationPreference: { __typename: string } & Partial<ApiError> }>(
        locals.session,
        `mutation ($kind: String!, $mode: String!) {
          setNotificationPreference(kind: $kind, mode: $mode) { __typename ${ERROR_FIELDS} }
        }`,
        { kind: preference.kind, mode },
      );
      if (data.setNotificationPreference.message) return fail(400, { message: data.setNotificationPreference.message });
    }
    return { saved: true };
  },
};
