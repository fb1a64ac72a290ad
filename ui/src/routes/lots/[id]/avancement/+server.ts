import { error, json } from '@sveltejs/kit';
import { loadBatch } from '$lib/server/batches.ts';
import type { RequestHandler } from './$types';

// The figures of a batch as JSON, for the few lines of script that move the page's progress bar.
export const GET: RequestHandler = async ({ locals, params }) => {
  const batch = await loadBatch(locals.session, params.id);
  if (typeof batch === 'string') error(404, batch);
  return json(batch, { headers: { 'cache-control': 'no-store' } });
};
