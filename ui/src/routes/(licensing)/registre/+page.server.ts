import { isRegisterStatus, loadRegister, REGISTER_STATUSES } from '$lib/server/register.ts';
import type { PageServerLoad } from './$types';

// Public: the layout lets anonymous visitors through to /registre; nothing here reads who is signed in.
export const load: PageServerLoad = async ({ locals, url }) => {
  const texte = (url.searchParams.get('texte') ?? '').trim().slice(0, 100);
  const statut = url.searchParams.get('statut');
  const status = isRegisterStatus(statut) ? statut : null;
  return {
    entries: await loadRegister(locals.session, { status, text: texte || null }),
    statuses: REGISTER_STATUSES,
    query: { texte, statut: status ?? '' },
    generatedAt: new Date().toISOString(),
  };
};
