import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleActs, tariffsCsv } from '../services/referentials/samples.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { TEST_PASSWORD } from './support/people.ts';

// The referentials through the API, as an IPM's agent reads them: the list with owners and versions,
// a version's report page by page, and as-of readings that name their version.

let suite: ApiSuite;
let api: ApiServer;
let cookie: string;

beforeAll(async () => {
  suite = await createApiSuite();
  api = suite.api;
  await loadShippedReferentials(suite.h.prisma, { examples: true, medicines: 500 });
  cookie = (await api.signIn(suite.people.person.agentA.email, TEST_PASSWORD)).cookie;
}, 180_000);
afterAll(() => suite?.close());

const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  const answer = await api.gql(query, variables, { cookie });
  expect(answer.errors).toBeUndefined();
  return answer.data;
};

describe('the referentials API', () => {
  it('lists each referential with its owner, its version in force and its scheduled one', async () => {
    const data = await gql(`{ referentials { __typename ... on ReferentialsSuccess { data {
      code owner current { number title status validFrom } scheduled { number } } } } }`);
    const list = data.referentials.data as {
      code: string;
      owner: string;
      current: { number: number; title: string; validFrom: string } | null;
    }[];
    const tariffs = list.find((r) => r.code === 'tarifs');
    expect(tariffs).toMatchObject({
      owner: 'Ministères (arrêté interministériel)',
      current: { number: 2, validFrom: '2026-07-01' },
    });
    expect(tariffs?.current?.title).toMatch(/exemple/);
    expect(list.find((r) => r.code === 'entreprises')?.current).toBeNull();
  });

  it('reads a code as of the day of care, naming the version used', async () => {
    const acts = sampleActs();
    const amount = (csv: string, code: string) =>
      csv
        .split('\n')
        .find((l) => l.startsWith(`${code};`))
        ?.split(';')[1];
    const changed = acts.find((a) => amount(tariffsCsv(acts, 0), a.code) !== amount(tariffsCsv(acts, 1), a.code));
    const read = async (date: string) =>
      (
        await gql(
          `query($codes: [String!]!, $date: String!) { referentialAsOf(referential: "tarifs", codes: $codes, date: $date) {
            __typename ... on ReferentialAsOfSuccess { data { code found fields version { number status } } } } }`,
          { codes: [changed?.code, 'XXX999'], date },
        )
      ).referentialAsOf;
    const before = await read('2026-06-30');
    const after = await read('2026-07-01');
    expect(before.data[0]).toMatchObject({ found: true, version: { number: 1, status: 'remplacee' } });
    expect(String(before.data[0].fields.montant)).toBe(amount(tariffsCsv(acts, 0), changed?.code ?? ''));
    expect(after.data[0]).toMatchObject({ found: true, version: { number: 2, status: 'en_vigueur' } });
    expect(after.data[1]).toMatchObject({ code: 'XXX999', found: false, version: null });
  });

  it('refuses a date it cannot read, in French', async () => {
    const data = await gql(`{ referentialAsOf(referential: "tarifs", codes: ["CON001"], date: "31/12/2026") {
      __typename ... on InvalidInputError { message } } }`);
    expect(data.referentialAsOf).toEqual({
      __typename: 'InvalidInputError',
      message: '« 31/12/2026 » n’est pas une date : écrivez-la AAAA-MM-JJ.',
    });
  });

  it('gives a version’s report page by page', async () => {
    const { referentials } = await gql(
      `{ referentials { ... on ReferentialsSuccess { data { code current { id } } } } }`,
    );
    const id = referentials.data.find((r: { code: string }) => r.code === 'tarifs').current.id;
    const page = async (after: number | null) =>
      (
        await gql(
          `query($id: ID!, $after: Int) { referentialVersion(id: $id) { __typename ... on ReferentialVersion {
            report reportLines(kind: "modification", first: 10, after: $after) { position kind code changes } } } }`,
          { id, after },
        )
      ).referentialVersion;
    const first = await page(null);
    expect(first.reportLines).toHaveLength(10);
    expect(first.reportLines[0].changes.montant).toHaveProperty('avant');
    const second = await page(first.reportLines[9].position);
    expect(second.reportLines[0].position).toBeGreaterThan(first.reportLines[9].position);
    const total = first.report.modifications as number;
    expect(total).toBeGreaterThan(10);
  });
});
