import { redirect } from '@sveltejs/kit';
import { loadMe } from '$lib/server/viewer.ts';
import type { LayoutServerLoad } from './$types';

const PUBLIC = ['/connexion'];

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const me = await loadMe(locals.session);
  if (!me && !PUBLIC.includes(url.pathname)) {
    redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return { me };
};
