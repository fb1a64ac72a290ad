import { redirect } from '@sveltejs/kit';
import { loadMe } from '$lib/server/viewer.ts';
import type { DomainModule } from '../../../processes/domain.ts';
import { DOMAINS } from '../../../processes/domains.ts';
import { OPERATIONS, type Operation } from '../../../services/permissions.ts';
import type { LayoutServerLoad } from './$types';

// Open to anyone: signing in, and the domains' public pages (the register of licensed IPMs).
const PUBLIC = [
  '/connexion',
  ...(DOMAINS as readonly DomainModule[]).flatMap((d) => d.menu ?? []).flatMap((e) => (e.publicLabel ? [e.href] : [])),
];
const isPublic = (pathname: string) => PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`));

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const me = await loadMe(locals.session);
  if (!me && !isPublic(url.pathname)) {
    redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname + url.search)}`);
  }
  // The menu offers what the API's permissions table lets the person use (the API checks again).
  const may = (operation: Operation) =>
    me?.roles.some((role) => (OPERATIONS[operation] as readonly string[]).includes(role)) ?? false;
  // The domains' entries, in their order, for those whose roles may use what each leads to.
  const entries = (DOMAINS as readonly DomainModule[])
    .flatMap((domain) => domain.menu ?? [])
    .sort((a, b) => a.position - b.position);
  return {
    me,
    /** The operations of the permissions table the person may use: what a page offers (the API checks again). */
    operations: (Object.keys(OPERATIONS) as Operation[]).filter(may),
    menu: {
      // A member (`assure`) has no inbox, cases nor openings: its menu leads to its own space only.
      inbox: may('inbox'),
      cases: may('cases'),
      board: may('processBoard'),
      versions: may('migrateCases'),
      mail: may('caughtMail'),
      domains: entries
        .filter((entry) => entry.operation === undefined || may(entry.operation as Operation))
        .map(({ href, label }) => ({ href, label })),
      public: entries.flatMap(({ href, publicLabel }) => (publicLabel ? [{ href, label: publicLabel }] : [])),
      supervision: may('supervision'),
      batches: may('batches'),
    },
  };
};
