import { redirect } from '@sveltejs/kit';
import { loadInbox, loadProcesses } from '$lib/server/cases.ts';
import {
  loadAssigned,
  loadLicensedIpms,
  loadReferentialChanges,
  loadSupervisionSummary,
  loadUnderWay,
} from '$lib/server/home.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
  const { me, operations } = await parent();
  // A member has no inbox nor cases: its home is its own space.
  if (me && !operations.includes('inbox') && operations.includes('myCoverage')) redirect(303, '/mon-espace');
  const session = locals.session;
  const [inbox, processes, assigned, referentialChanges, licensedIpms, supervision] = await Promise.all([
    loadInbox(session, 10),
    loadProcesses(session),
    me ? loadAssigned(session, me) : null,
    me ? loadReferentialChanges(session, me) : [],
    me ? loadLicensedIpms(session, me) : [],
    loadSupervisionSummary(session, operations),
  ]);
  // With nothing waiting for them, people see what their organisation has under way (the
  // administrator, the platform's health instead).
  const underWay = inbox.items.length === 0 && !supervision ? await loadUnderWay(session) : null;
  return {
    inbox,
    startable: processes.filter((p) => p.latest.canStart),
    assigned: assigned?.items ?? [],
    underWay: underWay?.items ?? [],
    referentialChanges,
    licensedIpms,
    supervision,
  };
};
