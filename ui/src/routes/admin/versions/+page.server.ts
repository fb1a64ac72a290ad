import { error, fail } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, fieldErrors, graphql } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

// An administrator moves running cases to another version of their process: each state of the
// cases' current versions is mapped to a state of the target version. The API checks everything
// (and refuses other roles); « Vérifier » asks it for a dry run, « Changer de version » for the move.

interface ChartState {
  id: string;
  label: string;
  terminal: boolean;
}

interface Process {
  id: string;
  title: string;
  versions: { version: number; title: string; statechart: { states: ChartState[] } }[];
}

interface RunningCase {
  id: string;
  businessKey: string;
  version: number;
  state: string;
  stateLabel: string;
  organisation: { name: string } | null;
}

export interface CaseMigration {
  caseId: string;
  ok: boolean;
  from: string | null;
  to: string | null;
  problems: string[];
}

/** The API lists at most this many cases a page, and moves at most this many at once. */
const PAGE = 100;

/** The select of a state of the current versions: `etat:<state id>`. */
const MAPPING_PREFIX = 'etat:';

export const load: PageServerLoad = async ({ locals, parent, url }) => {
  // Only to spare other roles a form they cannot use: the API refuses them in any case.
  const { me } = await parent();
  if (!me?.roles.includes('administrateur')) {
    error(
      403,
      'Cette page est réservée aux administrateurs : votre rôle ne permet pas de changer des dossiers de version.',
    );
  }
  const { data } = await graphql<{ processes: { data?: Process[]; message?: string } }>(
    locals.session,
    `query { processes { ... on ProcessesSuccess { data { id title versions { version title statechart } } } ${ERROR_FIELDS} } }`,
  );
  if (!data.processes.data) error(403, data.processes.message ?? 'Accès refusé.');
  const processes = data.processes.data;
  const requested = url.searchParams.get('processus');
  const process = processes.find((p) => p.id === (requested || 'agrement')) ?? processes[0];
  if (!process || (requested && process.id !== requested)) error(404, `Le processus « ${requested} » n’existe pas.`);
  const versions = [...process.versions].sort((a, b) => a.version - b.version);
  const latest = versions.at(-1) as Process['versions'][number];
  const target = versions.find((v) => String(v.version) === url.searchParams.get('version')) ?? latest;

  const cases = await graphql<{
    cases: { data?: { edges: { node: RunningCase }[]; pageInfo: { hasNextPage: boolean } }; message?: string };
  }>(
    locals.session,
    `query ($filter: CaseFilter, $first: Int) {
      cases(filter: $filter, first: $first) {
        ... on CasesSuccess {
          data { edges { node { id businessKey version state stateLabel organisation { name } } } pageInfo { hasNextPage } }
        }
        ${ERROR_FIELDS}
      }
    }`,
    { filter: { processId: process.id, terminal: false }, first: PAGE },
  );
  if (!cases.data.cases.data) error(403, cases.data.cases.message ?? 'Accès refusé.');
  const running = cases.data.cases.data.edges.map((e) => e.node);
  const movable = running.filter((c) => c.version !== target.version);

  // One row per state of the versions the movable cases are on (a running case is never in a final
  // state): the mapping names states by id, whatever the version they come from.
  const sources = versions.filter((v) => movable.some((c) => c.version === v.version));
  const rows = new Map<string, { state: string; label: string; versions: number[]; suggested: string }>();
  for (const v of sources) {
    for (const s of v.statechart.states.filter((s) => !s.terminal)) {
      const row = rows.get(s.id) ?? {
        state: s.id,
        label: s.label,
        versions: [],
        suggested: target.statechart.states.some((t) => t.id === s.id) ? s.id : '',
      };
      row.label = s.label;
      row.versions.push(v.version);
      rows.set(s.id, row);
    }
  }
  // Every state's label, the newest version's wording last written, for the report.
  const labels: Record<string, string> = {};
  for (const v of versions) for (const s of v.statechart.states) labels[s.id] = s.label;

  return {
    processes: processes.map((p) => ({
      id: p.id,
      title: p.title,
      versions: p.versions.map((v) => v.version).sort((a, b) => a - b),
    })),
    processId: process.id,
    processTitle: process.title,
    versions: versions.map((v) => ({ version: v.version, title: v.title, latest: v === latest })),
    target: { version: target.version, states: target.statechart.states },
    cases: movable,
    hasMore: cases.data.cases.data.pageInfo.hasNextPage,
    mapping: [...rows.values()],
    labels,
  };
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const processId = String(form.get('processus') ?? '');
    const toVersion = Number(form.get('version'));
    const dryRun = form.get('operation') !== 'migrer';
    const caseIds = form.getAll('dossier').map(String);
    // Every choice, « no correspondence » included, to show the form again as it was sent.
    const choices: Record<string, string> = Object.fromEntries(
      [...form.entries()]
        .filter(([name]) => name.startsWith(MAPPING_PREFIX))
        .map(([name, value]) => [name.slice(MAPPING_PREFIX.length), String(value)]),
    );
    const mapping = Object.entries(choices)
      .filter(([, to]) => to !== '')
      .map(([from, to]) => ({ from, to }));
    const values = { caseIds, mapping: choices };
    if (caseIds.length === 0) {
      const message = 'Cochez au moins un dossier à faire changer de version.';
      return fail(400, { dryRun, toVersion, values, message, errors: { caseIds: message } as Record<string, string> });
    }
    if (caseIds.length > PAGE) {
      const message = `Au plus ${PAGE} dossiers à la fois.`;
      return fail(400, { dryRun, toVersion, values, message, errors: { caseIds: message } as Record<string, string> });
    }
    const { data } = await graphql<{
      migrateCases:
        | { __typename: 'MigrationReport'; checked: boolean; moved: number; cases: CaseMigration[] }
        | ApiError;
    }>(
      locals.session,
      `mutation ($input: MigrateCasesInput!) {
        migrateCases(input: $input) {
          __typename
          ... on MigrationReport { checked moved cases { caseId ok from to problems } }
          ${ERROR_FIELDS}
        }
      }`,
      { input: { processId, toVersion, caseIds, mapping, dryRun } },
    );
    const result = data.migrateCases;
    if (result.__typename !== 'MigrationReport') {
      const e = result as ApiError;
      return fail(e.__typename === 'ForbiddenError' ? 403 : 400, {
        dryRun,
        toVersion,
        values,
        message: e.message,
        errors: fieldErrors(e),
      });
    }
    const { checked, moved, cases } = result as { checked: boolean; moved: number; cases: CaseMigration[] };
    return { dryRun, toVersion, values, report: { checked, moved, cases } };
  },
};
