import { type CaseFilter, loadCases, loadProcesses } from '$lib/server/cases.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const q = url.searchParams;
  const filter: CaseFilter = {};
  if (q.get('processus')) filter.processId = q.get('processus') as string;
  if (q.get('etat')) filter.state = q.get('etat') as string;
  if (q.get('texte')) filter.text = q.get('texte') as string;
  if (q.get('retard') === 'oui') filter.overdue = true;
  if (q.get('statut') === 'ouverts') filter.terminal = false;
  if (q.get('statut') === 'clos') filter.terminal = true;
  const [cases, processes] = await Promise.all([
    loadCases(locals.session, filter, 50, q.get('apres')),
    loadProcesses(locals.session),
  ]);
  const states = processes.flatMap((p) =>
    (p.latest.statechart as { states: { id: string; label: string }[] }).states.map((s) => ({ ...s, processId: p.id })),
  );
  return {
    cases,
    processes: processes.map((p) => ({ id: p.id, title: p.title })),
    states,
    query: Object.fromEntries(q),
  };
};
