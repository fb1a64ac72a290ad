import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medicinesCsv, sampleMedicines } from '../services/referentials/samples.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { eventually } from './support/licensing.ts';
import { ownerPerson } from './support/owner-person.ts';

// A version's import as a batch, on the real Temporal server through the API: the file is read at once,
// then its batch checks and writes its rows chunk by chunk — the progress the portal shows — and its
// end writes the report, the difference with the version in force, and opens the version's case. A
// line invalid in the last chunk keeps the whole version a draft; a cancelled import keeps nothing.

let suite: ApiSuite;
let api: ApiServer;
let agent: { token: string };

const MEDICINES = 30_000;
const CHUNK_ROWS = 5000;

beforeAll(async () => {
  suite = await createApiSuite();
  api = suite.api;
  await loadShippedReferentials(suite.h.prisma, { examples: true, medicines: 200 });
  agent = await ownerPerson(suite, 'dpm', 'agent', 'agent_ministere');
}, 180_000);
afterAll(() => suite?.close());

const importMedicines = async (csv: string, title: string, waitForReport: boolean) => {
  const answer = await api.upload(
    `mutation($file: File!, $wait: Boolean) {
      importReferentialVersion(referential: "medicaments", title: "${title}", file: $file, waitForReport: $wait) {
      __typename ... on ReferentialImport { caseId batchId problem { message } version { id number status } }
      ... on Error { message } } }`,
    { wait: waitForReport },
    { name: 'medicaments.csv', content: new TextEncoder().encode(csv) },
    agent,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.importReferentialVersion;
};

const batchOf = async (id: string) => {
  const answer = await api.gql(
    `query($id: ID!) { batch(id: $id) { __typename ... on Batch { state total done failed chunkCount chunksDone finishedAt }
      ... on Error { message } } }`,
    { id },
    agent,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.batch;
};

const version = (id: string) => suite.h.prisma.referentialVersion.findUniqueOrThrow({ where: { id } });

describe('a referential import as a batch', () => {
  it('loads a large version chunk by chunk, then writes its report, its difference and opens its case', async () => {
    const previous = await suite.h.prisma.referentialRow.findMany({
      where: { referentialCode: 'medicaments', version: { status: 'en_vigueur' } },
      select: { code: true },
    });
    const medicines = sampleMedicines(MEDICINES, 11);
    const started = await importMedicines(medicinesCsv(medicines), 'Médicaments, liste complète', false);
    expect(started).toMatchObject({ __typename: 'ReferentialImport', problem: null, caseId: null });
    expect(started.version.status).toBe('import_en_cours');
    // While it loads, nothing of it is read, and no decision can be taken on it.
    expect((await version(started.version.id)).rowCount).toBe(0);

    const ended = await eventually(
      () => batchOf(started.batchId),
      (b) => b.finishedAt !== null,
      60_000,
    );
    expect(ended).toMatchObject({
      __typename: 'Batch',
      state: 'termine',
      total: MEDICINES,
      done: MEDICINES,
      failed: 0,
      chunkCount: Math.ceil(MEDICINES / CHUNK_ROWS),
      chunksDone: Math.ceil(MEDICINES / CHUNK_ROWS),
    });
    const loaded = await version(started.version.id);
    expect(loaded).toMatchObject({ status: 'validee', rowCount: MEDICINES });
    expect(loaded.caseId).toMatch(/^referentiel\//);
    const kase = await suite.h.prisma.case.findUniqueOrThrow({ where: { id: loaded.caseId as string } });
    expect(kase.state).toBe('attente_approbation');

    // The difference with the version in force, as sets of codes read from the two files.
    const before = new Set(previous.map((p) => p.code));
    const after = new Set(medicines.map((m) => m.code));
    const added = [...after].filter((c) => !before.has(c)).length;
    const removed = [...before].filter((c) => !after.has(c)).length;
    expect(loaded.report).toMatchObject({
      lignes: MEDICINES,
      valides: MEDICINES,
      invalides: 0,
      ajouts: added,
      retraits: removed,
    });
    expect(await suite.h.prisma.referentialReportLine.count({ where: { versionId: loaded.id, kind: 'ajout' } })).toBe(
      added,
    );
  }, 120_000);

  it('keeps a version whose only invalid line is in its last chunk a draft: no row kept, no case', async () => {
    const medicines = sampleMedicines(12_000, 12);
    const lines = medicinesCsv(medicines).trimEnd().split('\n');
    // The 11 500th medicine's authorisation date does not exist.
    const bad = lines[11_500] as string;
    lines[11_500] = bad.replace(/;[^;]*$/, ';2019-02-30');
    const answer = await importMedicines(lines.join('\n'), 'Médicaments, une date fausse', true);
    const id = answer.version.id;
    const draft = await eventually(
      () => version(id),
      (v) => v.status !== 'import_en_cours',
      60_000,
    );
    expect(draft).toMatchObject({ status: 'brouillon', rowCount: 0, caseId: null });
    expect(draft.report).toMatchObject({ lignes: 12_000, valides: 11_999, invalides: 1 });
    expect(await suite.h.prisma.referentialRow.count({ where: { versionId: id } })).toBe(0);
    const [invalid] = await suite.h.prisma.referentialReportLine.findMany({ where: { versionId: id } });
    expect(invalid).toMatchObject({ kind: 'invalide', line: 11_501, code: medicines[11_499]?.code });
    expect(invalid?.reason).toMatch(/« 2019-02-30 » n’est pas une date/);
  }, 120_000);

  it('cancelled before its end, keeps nothing of the file but the version’s status', async () => {
    const started = await importMedicines(medicinesCsv(sampleMedicines(MEDICINES, 13)), 'Médicaments, annulé', false);
    const cancelled = await api.gql(
      'mutation($id: ID!) { cancelBatch(id: $id) { __typename ... on Batch { cancelRequested } ... on Error { message } } }',
      { id: started.batchId },
      agent,
    );
    expect(cancelled.data.cancelBatch).toMatchObject({ __typename: 'Batch', cancelRequested: true });
    const ended = await eventually(
      () => batchOf(started.batchId),
      (b) => b.finishedAt !== null,
      60_000,
    );
    expect(ended.state).toBe('annule');
    const interrupted = await version(started.version.id);
    expect(interrupted).toMatchObject({ status: 'import_interrompu', rowCount: 0, caseId: null });
    expect(await suite.h.prisma.referentialRow.count({ where: { versionId: interrupted.id } })).toBe(0);
    expect(await suite.h.prisma.referentialReportLine.count({ where: { versionId: interrupted.id } })).toBe(0);
  }, 120_000);
});
