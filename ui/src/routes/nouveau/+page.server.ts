import { loadProcesses } from '$lib/server/cases.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
  processes: (await loadProcesses(locals.session)).filter((p) => p.latest.canStart),
});
