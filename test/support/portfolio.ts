import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { SHIPPED_PORTFOLIO_PATH } from '../../services/portfolio/shipped-portfolio.ts';
import type { ApiServer } from './api.ts';
import { type Answer, CASE_FIELDS, eventually } from './licensing.ts';
import { as, type Person } from './people.ts';

// The portfolio through the API, as the portal and the command use it: the helpers the portfolio
// suites share.

export const SHIPPED_FILE = new Uint8Array(readFileSync(SHIPPED_PORTFOLIO_PATH));

const ERRORS = `... on Error { code message } ... on InvalidInputError { fields { field message } }`;

export const IMPORT_FIELDS = `fileName projects opened existing
  issues { code severity line column project problem action }
  totals { byAxis { axis label projects formatted costFcfa } byPhase { phase label projects formatted costFcfa }
    total { projects formatted costFcfa withoutCost } }`;

export const PROJECT_FIELDS = `number caseId businessKey title axis phase priority plannedStart durationMonths
  plannedEnd costFcfa costLabel dependsOn pendingPrerequisites liftedPrerequisites
  conditions { number text doneAt } state stateLabel progressPercent risks actualStart actualEnd forecastEnd
  startSlippage { label totalDays } endSlippage { direction months days totalDays label } endPassed
  milestones { number label due doneOn status } chefDeProjet { id }`;

export function portfolioApi(api: ApiServer) {
  const run = async (person: Person, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await api.gql(query, variables, as(person));
    expect(answer.errors).toBeUndefined();
    return answer.data as Answer;
  };

  const importFile = async (person: Person, content: Uint8Array = SHIPPED_FILE, name = 'sdsi-portfolio.csv') => {
    const answer = await api.upload(
      `mutation($file: File!) { importPortfolio(file: $file) { __typename ${ERRORS} ... on PortfolioImport { ${IMPORT_FIELDS} } } }`,
      {},
      { name, content, type: 'text/csv' },
      as(person),
    );
    expect(answer.errors).toBeUndefined();
    return answer.data.importPortfolio as Answer;
  };

  const portfolio = async (person: Person, args = '', extra = '') =>
    (await run(person, `{ portfolio { ... on Portfolio { asOf projects${args} { ${PROJECT_FIELDS} } ${extra} } } }`))
      .portfolio as Answer;

  const project = async (person: Person, number: number) =>
    ((await portfolio(person)).projects as Answer[]).find((p) => p.number === number) as Answer;

  const send = async (person: Person, caseId: string, event: string, input?: Record<string, unknown>) =>
    (
      await run(
        person,
        `mutation($input: SendEventInput!) { sendEvent(input: $input) {
          __typename ... on CasePayload { case { id state revision context } } ${ERRORS}
          ... on NotAllowedError { event } } }`,
        { input: { caseId, event, input } },
      )
    ).sendEvent as Answer;

  const act = async (person: Person, caseId: string, event: string, input?: Record<string, unknown>) => {
    const result = await send(person, caseId, event, input);
    expect(result, `${event} : ${result.message ?? ''}`).toMatchObject({ __typename: 'CasePayload' });
    return result.case as Answer;
  };

  const readCase = async (person: Person, caseId: string) =>
    (
      await run(
        person,
        `query($id: ID!) { case(id: $id) { ... on Case { ${CASE_FIELDS} } ... on Error { code message } } }`,
        {
          id: caseId,
        },
      )
    ).case as Answer;

  const assign = async (manager: Person, caseId: string, assignee: Person) => {
    const result = (
      await run(
        manager,
        `mutation($caseId: ID!, $assigneeId: ID) { assignCase(caseId: $caseId, assigneeId: $assigneeId) { __typename ${ERRORS} } }`,
        { caseId, assigneeId: assignee.id },
      )
    ).assignCase as Answer;
    expect(result, result.message).toMatchObject({ __typename: 'CasePayload' });
  };

  return { run, importFile, portfolio, project, send, act, readCase, assign };
}

export { eventually };
