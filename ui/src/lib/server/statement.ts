import { error } from '@sveltejs/kit';
import { type ApiError, ERROR_FIELDS, graphql } from './api.ts';

// « État des cotisations dues » of an employer, for the employer's page and the IPM's: the API checks
// who may read it (the employer itself, its IPM's people) and answers « not found » to anyone else.

export interface ContributionStatement {
  employerId: string;
  employerName: string;
  totalCalled: number;
  totalPaid: number;
  balance: number;
  overdue: number;
  credit: number;
  calls: {
    id: string;
    period: string;
    headcount: number;
    payrollBase: number;
    payrollSource: string;
    employerRate: number;
    workerRate: number;
    employerShare: number;
    workerShare: number;
    amount: number;
    paid: number;
    due: number;
    dueDate: string;
    status: string;
  }[];
  payments: {
    id: string;
    amount: number;
    paidOn: string;
    reference: string;
    source: string;
    enteredAt: string;
    allocated: number;
    allocations: { callId: string; period: string; amount: number }[];
  }[];
  reminders: {
    caseId: string;
    state: string;
    stateLabel: string;
    terminal: boolean;
    openedAt: string;
    amountDue: number | null;
    period: string | null;
    levels: { level: string; label: string; at: string | null }[];
  }[];
}

const STATEMENT = `query ($id: ID!) { contributionStatement(employerId: $id) { __typename
  ... on ContributionStatement { employerId employerName totalCalled totalPaid balance overdue credit
    calls { id period headcount payrollBase payrollSource employerRate workerRate employerShare workerShare amount paid due dueDate status }
    payments { id amount paidOn reference source enteredAt allocated allocations { callId period amount } }
    reminders { caseId state stateLabel terminal openedAt amountDue period levels { level label at } } }
  ${ERROR_FIELDS} } }`;

/** The statement, or the API's refusal (its French message). */
export async function loadStatement(
  session: string | undefined,
  employerId: string,
): Promise<{ statement: ContributionStatement } | { refused: string }> {
  const { data } = await graphql<{
    contributionStatement: ({ __typename: string } & ContributionStatement) | ApiError;
  }>(session, STATEMENT, { id: employerId });
  const answer = data.contributionStatement;
  if ((answer as { __typename: string }).__typename !== 'ContributionStatement')
    return { refused: (answer as ApiError).message };
  return { statement: answer as ContributionStatement };
}

/** The statement, a refusal being the page's 404 (another IPM's employer is « not found »). */
export async function statementOr404(session: string | undefined, employerId: string): Promise<ContributionStatement> {
  const loaded = await loadStatement(session, employerId);
  if ('refused' in loaded) error(404, loaded.refused);
  return loaded.statement;
}

/**
 * The formal notices of the reminders' cases, for a viewer who may open those cases (the IPM's people):
 * each case's generated `mise_en_demeure`, by case id. A case it may not see simply has none.
 */
export async function noticesOf(
  session: string | undefined,
  caseIds: string[],
): Promise<Record<string, { number: string | null; downloadPath: string }>> {
  const found = await Promise.all(
    caseIds.map(async (id) => {
      const { data } = await graphql<{
        case: {
          __typename: string;
          documents?: { kind: string | null; number: string | null; downloadPath: string }[];
        };
      }>(
        session,
        `query ($id: ID!) { case(id: $id) { __typename ... on Case { documents { kind number downloadPath } } } }`,
        {
          id,
        },
      );
      const notice = data.case.documents?.findLast((d) => d.kind === 'mise_en_demeure');
      return notice ? ([id, { number: notice.number, downloadPath: notice.downloadPath }] as const) : null;
    }),
  );
  return Object.fromEntries(found.filter((f) => f !== null));
}
