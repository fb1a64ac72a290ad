import { loadRegisterEntry } from '$lib/server/register.ts';
import type { PageServerLoad } from './$types';

// Public, like the register itself.
export const load: PageServerLoad = async ({ locals, params }) => ({
  entry: await loadRegisterEntry(locals.session, params.numero),
  generatedAt: new Date().toISOString(),
});
