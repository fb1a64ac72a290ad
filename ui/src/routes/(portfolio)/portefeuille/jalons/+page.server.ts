import { error } from '@sveltejs/kit';
import { loadMilestoneBoard } from '$lib/server/portfolio.ts';
import type { PageServerLoad } from './$types';

const HORIZONS = [7, 30, 90];

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { operations } = await parent();
  if (!operations.includes('portfolio'))
    error(403, 'Votre rôle ne permet pas de consulter le portefeuille de projets du SDSI.');
  const asked = Number(url.searchParams.get('jours'));
  const days = HORIZONS.includes(asked) ? asked : 30;
  return { board: await loadMilestoneBoard(locals.session, days), days, horizons: HORIZONS };
};
