import { error, fail, redirect } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql, graphqlUpload, UploadRefused } from '$lib/server/api.ts';
import type { Actions, PageServerLoad } from './$types';

export interface OverdueMember {
  participantId: string;
  cardNumber: string;
  lastName: string;
  firstNames: string;
  overdue: number;
  oldestDueDate: string;
  ladderLevel: string | null;
}

export interface MemberAccount {
  __typename: 'MemberDebts';
  participantId: string;
  balance: number;
  overdue: number;
  credit: number;
  debts: {
    id: string;
    reference: string;
    kind: string;
    label: string;
    incurredOn: string;
    dueDate: string;
    amount: number;
    paid: number;
    remaining: number;
    status: string;
  }[];
  payments: { id: string; reference: string; paidOn: string; mode: string; amount: number; allocated: number }[];
  ladder: { state: string; level: string | null; montantDu: number } | null;
}

export interface DebtsImport {
  __typename: 'MemberDebtsImport';
  loaded: boolean;
  stored: number;
  alreadyStored: number;
  invalid: number;
  lines: { line: number; outcome: string; message: string }[];
}

const ACCOUNT = `query ($p: ID!) { memberDebts(participantId: $p) { __typename
  ... on MemberDebts { participantId balance overdue credit
    debts { id reference kind label incurredOn dueDate amount paid remaining status }
    payments { id reference paidOn mode amount allocated }
    ladder { state level montantDu } }
  ${ERROR_FIELDS} } }`;

// The IPM's collection list, and one participant's debts when one is chosen (by its row id in the
// address, as the register's file: never a name or a card number).
export const load: PageServerLoad = async ({ locals, parent, url }) => {
  const { operations } = await parent();
  if (!operations.includes('overdueMemberDebts'))
    error(403, 'Les sommes dues par les assurés sont réservées au gérant et aux agents d’une IPM.');
  const participantId = url.searchParams.get('assure');
  const [{ data: list }, account] = await Promise.all([
    graphql<{ overdueMemberDebts: { data?: OverdueMember[]; message?: string } }>(
      locals.session,
      `query { overdueMemberDebts { ... on OverdueMemberDebts { data { participantId cardNumber lastName firstNames overdue oldestDueDate ladderLevel } } ${ERROR_FIELDS} } }`,
    ),
    participantId
      ? graphql<{ memberDebts: MemberAccount | ApiError }>(locals.session, ACCOUNT, { p: participantId })
      : null,
  ]);
  const answer = account?.data.memberDebts;
  if (answer && answer.__typename !== 'MemberDebts') error(404, (answer as ApiError).message);
  return { overdue: list.overdueMemberDebts.data ?? [], account: (answer as MemberAccount | undefined) ?? null };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const amountOf = (value: string) => (/^\d[\d\s]*$/.test(value) ? Number(value.replace(/\s/g, '')) : Number.NaN);

export const actions: Actions = {
  // A card number typed is POSTed, found in the IPM's register, and the page reopens on its row id.
  chercher: async ({ locals, request }) => {
    const card = text(await request.formData(), 'carte').replace(/\s/g, '');
    if (card === '') return fail(400, { action: 'chercher', message: 'Indiquez le numéro de carte de l’assuré.' });
    const { data } = await graphql<{
      registerSearch: { entries?: { id: string; cardNumber: string }[] } & Partial<ApiError>;
    }>(
      locals.session,
      `query ($q: String!) { registerSearch(by: carte, query: $q) { __typename ... on ParticipantRegisterSearch { entries { id cardNumber } } ${ERROR_FIELDS} } }`,
      { q: card },
    );
    const found = data.registerSearch.entries?.find((e) => e.cardNumber === card);
    if (!found)
      return fail(404, {
        action: 'chercher',
        message: data.registerSearch.message ?? 'Aucun participant de votre IPM n’a ce numéro de carte.',
      });
    redirect(303, `/ipm/quote-parts?assure=${encodeURIComponent(found.id)}`);
  },

  dette: async ({ locals, request }) => {
    const form = await request.formData();
    const values = {
      p: text(form, 'assure'),
      k: text(form, 'nature'),
      r: text(form, 'reference'),
      l: text(form, 'libelle'),
      i: text(form, 'date'),
      a: amountOf(text(form, 'montant')),
      e: text(form, 'echeance') || null,
    };
    const { data } = await graphql<{ recordMemberDebt: { __typename: string; created?: boolean } & Partial<ApiError> }>(
      locals.session,
      `mutation ($p: ID!, $k: String!, $r: String!, $l: String!, $i: String!, $a: Float!, $e: String) {
        recordMemberDebt(participantId: $p, kind: $k, reference: $r, label: $l, incurredOn: $i, amount: $a, dueDate: $e) {
          __typename ... on MemberDebtRecorded { created } ${ERROR_FIELDS} } }`,
      { ...values, a: Number.isNaN(values.a) ? 0 : values.a },
    );
    const answer = data.recordMemberDebt;
    if (answer.__typename !== 'MemberDebtRecorded')
      return fail(400, { action: 'dette', message: answer.message ?? 'Somme due refusée.' });
    return {
      action: 'dette',
      done: answer.created
        ? `Somme due « ${values.r} » enregistrée.`
        : `Somme due « ${values.r} » déjà enregistrée : rien n’a changé.`,
    };
  },

  paiement: async ({ locals, request }) => {
    const form = await request.formData();
    const values = {
      p: text(form, 'assure'),
      a: amountOf(text(form, 'montant')),
      d: text(form, 'date'),
      r: text(form, 'reference'),
      m: text(form, 'mode'),
    };
    const { data } = await graphql<{
      enterMemberPayment: {
        __typename: string;
        created?: boolean;
        outstanding?: number;
        credit?: number;
      } & Partial<ApiError>;
    }>(
      locals.session,
      `mutation ($p: ID!, $a: Float!, $d: String!, $r: String!, $m: String!) {
        enterMemberPayment(participantId: $p, amount: $a, paidOn: $d, reference: $r, mode: $m) {
          __typename ... on MemberPaymentOutcome { created outstanding credit } ${ERROR_FIELDS} } }`,
      { ...values, a: Number.isNaN(values.a) ? 0 : values.a },
    );
    const answer = data.enterMemberPayment;
    if (answer.__typename !== 'MemberPaymentOutcome')
      return fail(400, { action: 'paiement', message: answer.message ?? 'Paiement refusé.' });
    return {
      action: 'paiement',
      done: answer.created
        ? `Paiement « ${values.r} » enregistré.`
        : `Paiement « ${values.r} » déjà enregistré : rien n’a changé.`,
    };
  },

  importer: async ({ locals, request }) => {
    const file = (await request.formData()).get('fichier');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { action: 'importer', message: 'Choisissez le fichier des sommes dues (CSV).' });
    let result: { importMemberDebts: DebtsImport | ApiError };
    try {
      result = await graphqlUpload<{ importMemberDebts: DebtsImport | ApiError }>(
        locals.session,
        `mutation ($file: File!) { importMemberDebts(file: $file) { __typename
          ... on MemberDebtsImport { loaded stored alreadyStored invalid lines { line outcome message } } ${ERROR_FIELDS} } }`,
        {},
        file,
      );
    } catch (e) {
      if (e instanceof UploadRefused) return fail(413, { action: 'importer', message: e.message });
      throw e;
    }
    const answer = result.importMemberDebts;
    if (answer.__typename !== 'MemberDebtsImport')
      return fail(400, { action: 'importer', message: (answer as ApiError).message });
    return { action: 'importer', fileName: file.name, report: answer as DebtsImport };
  },
};
