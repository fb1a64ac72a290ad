import { error, redirect } from '@sveltejs/kit';
import { loadMe } from '$lib/server/viewer.ts';
import type { RequestHandler } from './$types';

// The address the ladder's letters give the employer (services/recouvrement/employer-mail.ts): one
// address for every employer, leading each to its own statement; an IPM's people to their collection.
export const GET: RequestHandler = async ({ locals, url }) => {
  const me = await loadMe(locals.session);
  if (!me) redirect(303, `/connexion?suite=${encodeURIComponent(url.pathname)}`);
  if (me.roles.includes('employeur'))
    redirect(303, `/entreprise/${encodeURIComponent(me.organisation.id)}#etat-cotisations`);
  if (me.roles.some((r) => r === 'gerant_ipm' || r === 'agent_ipm')) redirect(303, '/ipm/recouvrement');
  error(404, 'L’état des cotisations dues est celui d’un employeur : connectez-vous avec le compte de l’entreprise.');
};
