import { loadInbox, loadProcesses } from '$lib/server/cases.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const [inbox, processes] = await Promise.all([loadInbox(locals.session, 10), loadProcesses(locals.session)]);
  return { inbox, startable: processes.filter((p) => p.latest.canStart) };
};
