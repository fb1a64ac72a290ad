import { redirect } from '@sveltejs/kit';
import { loadMe } from '$lib/server/viewer.ts';
import { OPERATIONS, type Operation } from '../../../services/permissions.ts';
import type { LayoutServerLoad } from './$types';

// Open to anyone: signing in, and the public register of licensed IPMs.
const PUBLIC = ['/connexion', '/registre'];
const isPublic = (pathname: string) => PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`));

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const me = await loadMe(locals.session);
  if (!me && !isPublic(url.pathname)) {
    redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname + url.search)}`);
  }
  // The menu offers what the API's permissions table lets the person use (the API checks again).
  const may = (operation: Operation) =>
    me?.roles.some((role) => (OPERATIONS[operation] as readonly string[]).includes(role)) ?? false;
  return {
    me,
    menu: {
      board: may('processBoard'),
      portfolio: may('portfolio'),
      versions: may('migrateCases'),
      mail: may('caughtMail'),
      supervision: may('supervision'),
      batches: may('batches'),
    },
  };
};
