import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importReferentialVersion } from '../services/referentials/import-version.ts';
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
  const { ipmA, ipmB, provider } = suite.people.organisations;
  await loadShippedReferentials(suite.h.prisma, {
    examples: true,
    medicines: 500,
    ownSamplesFor: [ipmA, ipmB, provider],
  });
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
    // Every referential ships a version, the samples labelled as such; of those each IPM or provider
    // keeps, an IPM's agent sees its own IPM's, and no provider's transcoding.
    expect(list.filter((r) => r.current === null).map((r) => r.code)).toEqual(['ps-transcodage']);
    expect(list.find((r) => r.code === 'ipm-panier-de-soins')?.current?.title).toMatch(/exemple/);
    expect(list.find((r) => r.code === 'entreprises')?.current?.title).toMatch(/exemple/);
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

  it('exports a version as the CSV of its layout, which imports again with nothing changed', async () => {
    const { referentials } = await gql(
      `{ referentials { ... on ReferentialsSuccess { data { code current { id rowCount } } } } }`,
    );
    const current = referentials.data.find((r: { code: string }) => r.code === 'medicaments').current;
    const response = await api.get(`/referentiels/export/${current.id}.csv`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toBe('code;denomination;dci;forme;dosage;conditionnement;prix_public;date_amm');
    expect(text.trimEnd().split('\r\n')).toHaveLength(current.rowCount + 1);
    const again = await importReferentialVersion(suite.h.prisma, {
      referential: 'medicaments',
      file: bytes,
      fileName: 'export.csv',
      title: 'réimport',
      importedBy: 'test',
    });
    expect(again).toMatchObject({
      status: 'validee',
      comparedWithId: current.id,
      summary: { ajouts: 0, retraits: 0, modifications: 0, inchanges: current.rowCount, invalides: 0 },
    });
  });

  it('gives the template of a layout, and refuses an unknown referential in French', async () => {
    const template = await api.get('/referentiels/modele/tarifs.csv', { cookie });
    expect(template.status).toBe(200);
    const bytes = new Uint8Array(await template.arrayBuffer());
    // The UTF-8 mark, so that a spreadsheet opens it with its accents.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toBe('code;montant;plafond');
    expect(lines[1]).toMatch(
      /^obligatoire : le code de l’acte.*;obligatoire : montant en FCFA, sans décimales;facultatif : /,
    );
    const unknown = await api.get('/referentiels/modele/inconnu.csv', { cookie });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ erreur: 'Le référentiel « inconnu » n’existe pas.' });
  });

  it('compares two versions of the tariff, field by field, in pages', async () => {
    const versions = await suite.h.prisma.referentialVersion.findMany({
      where: { referentialCode: 'tarifs' },
      orderBy: { number: 'asc' },
    });
    const [v1, v2] = versions;
    const diff = async (from: string | undefined, to: string | undefined, offset = 0) =>
      (
        await gql(
          `query($from: ID!, $to: ID!, $offset: Int) { referentialDiff(from: $from, to: $to, first: 5, offset: $offset) {
            __typename ... on ReferentialDiffSuccess { data { position kind code changes } } ... on NotFoundError { message } } }`,
          { from, to, offset },
        )
      ).referentialDiff;
    const forward = await diff(v1?.id, v2?.id);
    const stored = await suite.h.prisma.referentialReportLine.findMany({
      where: { versionId: v2?.id },
      orderBy: { position: 'asc' },
      take: 10,
    });
    // The same lines as the report stored at the second version's import.
    expect(forward.data.map((l: { code: string; changes: unknown }) => [l.code, l.changes])).toEqual(
      stored.slice(0, 5).map((l) => [l.code, l.changes]),
    );
    const next = await diff(v1?.id, v2?.id, 5);
    expect(next.data.map((l: { code: string }) => l.code)).toEqual(stored.slice(5, 10).map((l) => l.code));
    expect(next.data[0].position).toBe(6);
    // Backwards, each change is the other way round.
    const backward = await diff(v2?.id, v1?.id);
    const first = forward.data[0];
    const mirrored = backward.data.find((l: { code: string }) => l.code === first.code);
    expect(mirrored.changes.montant).toEqual({
      avant: first.changes.montant.apres,
      apres: first.changes.montant.avant,
    });
    const actsVersion = await suite.h.prisma.referentialVersion.findFirstOrThrow({
      where: { referentialCode: 'actes' },
    });
    expect(await diff(v1?.id, actsVersion.id)).toEqual({
      __typename: 'NotFoundError',
      message: 'Ces deux versions n’existent pas, ou ne sont pas du même référentiel.',
    });
  });
});

describe('a version’s rows', () => {
  type Page = {
    __typename: string;
    message?: string;
    rows: { code: string; fields: Record<string, unknown> }[];
    columns: { name: string }[];
    startCursor: string | null;
    endCursor: string | null;
    hasPreviousPage: boolean;
    hasNextPage: boolean;
  };
  const rows = async (variables: Record<string, unknown>): Promise<Page> =>
    (
      await gql(
        `query($id: ID!, $code: String, $text: String, $first: Int, $after: String, $before: String) {
          referentialRows(versionId: $id, code: $code, text: $text, first: $first, after: $after, before: $before) {
            __typename ... on ReferentialRows { rows { code fields } columns { name } startCursor endCursor hasPreviousPage hasNextPage }
            ... on Error { message } } }`,
        variables,
      )
    ).referentialRows;
  const medicines = () =>
    suite.h.prisma.referentialVersion.findFirstOrThrow({
      where: { referentialCode: 'medicaments', status: 'en_vigueur' },
    });
  const stored = async (versionId: string) =>
    (await suite.h.prisma.referentialRow.findMany({ where: { versionId }, orderBy: { code: 'asc' } })).map((r) => ({
      code: r.code,
      fields: r.fields as Record<string, unknown>,
    }));

  it('gives every row once, in the order of the codes, page after page and back', async () => {
    const version = await medicines();
    const all = await stored(version.id);
    expect(all.length).toBeGreaterThan(200);
    const forward: string[] = [];
    let page = await rows({ id: version.id, first: 90 });
    expect(page.columns.map((c) => c.name)).toEqual([
      'denomination',
      'dci',
      'forme',
      'dosage',
      'conditionnement',
      'prix_public',
      'date_amm',
    ]);
    expect(page.hasPreviousPage).toBe(false);
    forward.push(...page.rows.map((r) => r.code));
    while (page.hasNextPage) {
      page = await rows({ id: version.id, first: 90, after: page.endCursor });
      expect(page.hasPreviousPage).toBe(true);
      forward.push(...page.rows.map((r) => r.code));
    }
    expect(forward).toEqual(all.map((r) => r.code));
    // Back from the last page to the first, by `before`.
    const backward: string[][] = [page.rows.map((r) => r.code)];
    while (page.hasPreviousPage) {
      page = await rows({ id: version.id, first: 90, before: page.startCursor });
      expect(page.hasNextPage).toBe(true);
      backward.unshift(page.rows.map((r) => r.code));
    }
    expect(backward.flat()).toEqual(all.map((r) => r.code));
    expect(backward[0]).toHaveLength(90);
  });

  it('gives at most 100 rows a page, however many are asked', async () => {
    const version = await medicines();
    const page = await rows({ id: version.id, first: 1000 });
    expect(page.rows).toHaveLength(100);
    expect(page.hasNextPage).toBe(true);
    expect((await rows({ id: version.id, first: 0 })).rows).toHaveLength(1);
  });

  it('filters on the start of the code and on a text in any field, letter case ignored', async () => {
    const version = await medicines();
    const all = await stored(version.id);
    const devices = await rows({ id: version.id, code: 'dm', first: 100 });
    expect(devices.rows.map((r) => r.code)).toEqual(all.filter((r) => r.code.startsWith('DM')).map((r) => r.code));
    expect(devices.rows.length).toBeGreaterThan(0);
    const inn = String(all.find((r) => r.code.startsWith('MED'))?.fields.dci);
    const searched = inn.toUpperCase();
    const expected = all.filter((r) =>
      Object.values(r.fields).some((v) => String(v).toLowerCase().includes(inn.toLowerCase())),
    );
    expect(expected.length).toBeGreaterThan(5);
    const first = await rows({ id: version.id, text: searched, first: 5 });
    const second = await rows({ id: version.id, text: searched, first: 100, after: first.endCursor });
    expect([...first.rows, ...second.rows].map((r) => r.code)).toEqual(expected.map((r) => r.code));
    // Typed wildcards are letters: « % » finds the ointments' strengths (« 1 % »), not every row.
    const percent = all.filter((r) => Object.values(r.fields).some((v) => String(v).includes('%')));
    expect(percent.length).toBeGreaterThan(0);
    const found = await rows({ id: version.id, text: '%', first: 100 });
    expect(found.rows.map((r) => r.code)).toEqual(percent.slice(0, 100).map((r) => r.code));
    expect((await rows({ id: version.id, code: 'MED_' })).rows).toEqual([]);
  });

  it('refuses a version that does not exist, in French', async () => {
    expect(await rows({ id: 'inconnue' })).toEqual({
      __typename: 'NotFoundError',
      message: 'Cette version de référentiel n’existe pas.',
    });
  });
});
