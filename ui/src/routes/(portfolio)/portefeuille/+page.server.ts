import { error } from '@sveltejs/kit';
import { loadPortfolio, type PortfolioFilters } from '$lib/server/portfolio.ts';
import type { PageServerLoad } from './$types';

const PHASES = ['court', 'moyen', 'long'];
const STATES = ['planifie', 'demarre', 'suspendu', 'termine', 'abandonne'];

/** The filters of the page's address (?axe=3&phase=long&priorite=2&etat=demarre); unknown values are ignored. */
function filtersOf(q: URLSearchParams): PortfolioFilters {
  const filters: PortfolioFilters = {};
  const axis = Number(q.get('axe'));
  if ([1, 2, 3, 4].includes(axis)) filters.axis = axis;
  const phase = q.get('phase') ?? '';
  if (PHASES.includes(phase)) filters.phase = phase;
  const priority = Number(q.get('priorite'));
  if (Number.isInteger(priority) && priority > 0) filters.priority = priority;
  const state = q.get('etat') ?? '';
  if (STATES.includes(state)) filters.state = state;
  return filters;
}

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { operations } = await parent();
  if (!operations.includes('portfolio'))
    error(403, 'Votre rôle ne permet pas de consulter le portefeuille de projets du SDSI.');
  const filters = filtersOf(url.searchParams);
  // Another day than today (?au=2019-06-10): the situation, the milestones' status and the chart's
  // line on that day; the cases' data stay what they are now.
  const au = url.searchParams.get('au') ?? '';
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(au) && !Number.isNaN(Date.parse(au)) ? au : null;
  return { portfolio: await loadPortfolio(locals.session, filters, asOf), filters, asOf };
};
