import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDefinition } from '../processes/check.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { bundleCaseWorkflows } from '../runtime/worker.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { congeDemo } from './support/demo-domain/rules.ts';
import { DEMO_LOG } from './support/demo-domain/services.ts';
import { uniqueKey } from './support/harness.ts';
import { as } from './support/people.ts';

// A domain defined in the tests only (test/support/demo-domain/) registers through its module, opens a
// case on the real Temporal server, takes a transition with a guard, a calculation and an effect of
// its own, and shows in the API — with no engine file edited. Its workflow bundle is the product's
// entry plus its rules, as a new domain's line in processes/domains.ts would give.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let suite: ApiSuite;

beforeAll(async () => {
  const bundle = await bundleCaseWorkflows(path.join(root, 'test/support/demo-domain/workflows.ts'));
  suite = await createApiSuite({ bundle: { code: bundle.code } });
});

afterAll(async () => {
  await suite?.close();
});

const CASE_FIELDS = 'id state revision context history { event toState }';

describe('a domain defined outside the engine', () => {
  it('is deployed and checked like the product’s own, and no product file names it', () => {
    expect(DEFINITIONS).toContain(congeDemo);
    expect(checkDefinition(congeDemo, 'test/support/demo-domain/rules.ts', DEFINITIONS)).toEqual([]);
    const grep = spawnSync(
      'git',
      [
        'grep',
        '-l',
        '-e',
        'plafondDemo',
        '-e',
        'demo-conge',
        '-e',
        'tarifEnVigueurDemo',
        '-e',
        'demo-soins',
        '--',
        'processes',
        'workflows',
        'activities',
        'services',
        'schema',
        'runtime',
        'ui',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    // git grep exits 1 when nothing matches, 2 on an error.
    expect(grep.status).toBe(1);
    expect(grep.stdout).toBe('');
  });

  it('opens a case, refuses by its own guard, then takes its transition with its calculation and effect', async () => {
    const { api, people } = suite;
    const started = await api.gql(
      `mutation($input: StartCaseInput!) {
        startCase(input: $input) { __typename ... on StartCasePayload { created case { ${CASE_FIELDS} } } ... on Error { message } }
      }`,
      { input: { processId: 'demo-conge', idempotencyKey: uniqueKey('DEMO'), input: { jours: 12 } } },
      as(people.person.agentMinistere),
    );
    expect(started.data.startCase).toMatchObject({
      __typename: 'StartCasePayload',
      created: true,
      case: { state: 'demandee', revision: 1, context: { jours: 12 } },
    });
    const caseId = started.data.startCase.case.id as string;

    const send = (jours: number) =>
      api.gql(
        `mutation($input: SendEventInput!) {
          sendEvent(input: $input) { __typename ... on CasePayload { case { ${CASE_FIELDS} } } ... on Error { code message } }
        }`,
        { input: { caseId, event: 'demande.valider', input: { jours } } },
        as(people.person.directeur),
      );

    const refused = await send(45);
    expect(refused.data.sendEvent.__typename).toBe('NotAllowedError');
    expect(refused.data.sendEvent.message).toContain('Au plus 30 jours.');

    const accepted = await send(20);
    expect(accepted.data.sendEvent).toMatchObject({
      __typename: 'CasePayload',
      case: { state: 'validee', revision: 2, context: { jours: 20, joursDoubles: 40 } },
    });

    // Read back through the API as another person of the ministry: the projection shows it too.
    const read = await api.gql(
      `query($id: ID!) { case(id: $id) { __typename ... on Case { ${CASE_FIELDS} } } }`,
      { id: caseId },
      as(people.person.agentMinistere),
    );
    expect(read.data.case).toMatchObject({
      state: 'validee',
      context: { joursDoubles: 40 },
      history: [{ toState: 'demandee' }, { event: 'demande.valider', toState: 'validee' }],
    });

    // The effect is an activity of the worker: it ran once the transition was recorded.
    await expect
      .poll(() => DEMO_LOG.filter((entry) => entry.caseId === caseId), { timeout: 30_000 })
      .toEqual([{ caseId, revision: 2, note: 'congé validé' }]);
  });
});
