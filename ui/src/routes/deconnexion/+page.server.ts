import { redirect } from '@sveltejs/kit';
import { graphql, SESSION_COOKIE } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    if (locals.session) await graphql(locals.session, 'mutation { signOut }');
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, '/connexion');
  },
};
