import { loadInbox } from '$lib/server/cases.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
  inbox: await loadInbox(locals.session, 50, url.searchParams.get('apres')),
});
