import { error, fail, redirect } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql, graphqlUpload, UploadRefused } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export interface CollectionLine {
  employerId: string;
  name: string;
  cssIpres: string;
  headcount: number | null;
  totalCalled: number;
  totalPaid: number;
  due: number;
  overdue: number;
  oldestUnpaidPeriod: string | null;
  credit: number;
  ladderCaseId: string | null;
  ladderStateLabel: string | null;
  suspended: boolean;
}

export interface CollectionTotals {
  employers: number;
  inArrears: number;
  totalCalled: number;
  totalPaid: number;
  due: number;
  overdue: number;
  credit: number;
}

export interface BankImport {
  __typename: 'BankStatementImport';
  loaded: boolean;
  stored: number;
  alreadyStored: number;
  invalid: number;
  lines: { line: number; outcome: string; message: string }[];
}

export interface Ladder {
  own: boolean;
  levels: { action: string; delai: string }[];
}

const LIST = `query ($o: Boolean, $s: String) {
  ipmCollection(overdueOnly: $o, search: $s) { __typename
    ... on IpmCollection {
      lines { employerId name cssIpres headcount totalCalled totalPaid due overdue oldestUnpaidPeriod credit
        ladderCaseId ladderStateLabel suspended }
      totals { employers inArrears totalCalled totalPaid due overdue credit } }
    ${ERROR_FIELDS} }
  reminderLadder { __typename ... on ReminderLadder { own levels { action delai } } ${ERROR_FIELDS} } }`;

// The IPM's collection by employer. The filters are a GET form (the address carries a search the
// agent typed: an employer's name or number, never a person's).
export const load: PageServerLoad = async ({ locals, parent, url }) => {
  const { operations } = await parent();
  if (!operations.includes('ipmCollection'))
    error(403, 'Le recouvrement des cotisations est réservé au gérant et aux agents d’une IPM.');
  const overdueOnly = url.searchParams.get('retard') === '1';
  const search = (url.searchParams.get('q') ?? '').trim();
  const { data } = await graphql<{
    ipmCollection:
      | { __typename: 'IpmCollection'; lines: CollectionLine[]; totals: CollectionTotals }
      | (ApiError & { __typename: string });
    reminderLadder: (Ladder & { __typename: 'ReminderLadder' }) | (ApiError & { __typename: string });
  }>(locals.session, LIST, { o: overdueOnly, s: search || null });
  const list = data.ipmCollection;
  const ladder = data.reminderLadder;
  return {
    overdueOnly,
    search,
    // A search refused (too long) shows its message above an empty list rather than an error page.
    searchError: list.__typename === 'IpmCollection' ? null : (list as ApiError).message,
    lines: list.__typename === 'IpmCollection' ? (list as { lines: CollectionLine[] }).lines : [],
    totals: list.__typename === 'IpmCollection' ? (list as { totals: CollectionTotals }).totals : null,
    ladder: ladder.__typename === 'ReminderLadder' ? (ladder as Ladder) : null,
    mayIssue: operations.includes('issueContributionCalls'),
    mayImport: operations.includes('importBankStatement'),
    maySetLadder: operations.includes('setReminderLadder'),
  };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

const LADDER_FIELDS = ['courrier', 'mise_en_demeure', 'signalement_icamo', 'suspension'] as const;

export const actions: Actions = {
  // The calls are a batch: its page (/lots/<id>) follows it to its end.
  emettre: async ({ locals, request }) => {
    const form = await request.formData();
    const values = { p: text(form, 'periode'), d: text(form, 'echeance') };
    const { data } = await graphql<{ issueContributionCalls: { __typename: string; id?: string } & Partial<ApiError> }>(
      locals.session,
      `mutation ($p: String!, $d: String!) { issueContributionCalls(period: $p, dueDate: $d) {
        __typename ... on Batch { id } ${ERROR_FIELDS} } }`,
      values,
    );
    const answer = data.issueContributionCalls;
    if (answer.__typename !== 'Batch' || !answer.id)
      return fail(400, { action: 'emettre', ...values, message: answer.message ?? 'Émission refusée.' });
    redirect(303, `/lots/${answer.id}`);
  },

  releve: async ({ locals, request }) => {
    const file = (await request.formData()).get('fichier');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { action: 'releve', message: 'Choisissez le relevé bancaire (fichier CSV).' });
    let result: { importBankStatement: BankImport | ApiError };
    try {
      result = await graphqlUpload<{ importBankStatement: BankImport | ApiError }>(
        locals.session,
        `mutation ($file: File!) { importBankStatement(file: $file) { __typename
          ... on BankStatementImport { loaded stored alreadyStored invalid lines { line outcome message } } ${ERROR_FIELDS} } }`,
        {},
        file,
      );
    } catch (e) {
      if (e instanceof UploadRefused) return fail(413, { action: 'releve', message: e.message });
      throw e;
    }
    const answer = result.importBankStatement;
    if (answer.__typename !== 'BankStatementImport')
      return fail(400, { action: 'releve', message: (answer as ApiError).message });
    return { action: 'releve', fileName: file.name, report: answer as BankImport };
  },

  // The form asks for whole days; the API keeps ISO 8601 durations.
  echelle: async ({ locals, request }) => {
    const form = await request.formData();
    const days = LADDER_FIELDS.map((action) => ({ action, value: text(form, action) }));
    const wrong = days.filter((d) => !/^\d{1,4}$/.test(d.value) || Number(d.value) === 0);
    if (wrong.length > 0)
      return fail(400, {
        action: 'echelle',
        message: `Échelle refusée : indiquez pour chaque niveau un nombre entier de jours, au moins 1 (${wrong.length} niveau(x) à corriger). Rien n’a changé.`,
      });
    const { data } = await graphql<{ setReminderLadder: { __typename: string } & Partial<ApiError> }>(
      locals.session,
      `mutation ($l: [ReminderLadderLevelInput!]!) { setReminderLadder(levels: $l) { __typename ${ERROR_FIELDS} } }`,
      { l: days.map((d) => ({ action: d.action, delai: `P${Number(d.value)}D` })) },
    );
    const answer = data.setReminderLadder;
    if (answer.__typename !== 'ReminderLadder')
      return fail(400, { action: 'echelle', message: answer.message ?? 'Échelle refusée.' });
    return {
      action: 'echelle',
      done: 'Échelle de relances enregistrée : elle vaut pour les dettes qui échoient désormais.',
    };
  },
};
