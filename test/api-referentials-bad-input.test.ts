import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { csv } from './support/referentials.ts';

// The « bad input » of the referentials through the real API: files refused as a whole, a file with a
// duplicate code, a file larger than the limit (one far larger is turned away by the HTTP layer before
// it is read: api-documents), an import by another authority's agent or
// without a title. Each answer is French, and nothing is loaded, nothing opened, nothing in force moves.
// (Approval by a non-owner, a past day and an overlap: referentiel-authority and referentiel-process.)

let suite: ApiSuite;
let api: ApiServer;
let agent: { token: string };

const MAX_BYTES = 20_000;
const HEADER = 'code;libelle;chapitre;lettre_cle;coefficient';

beforeAll(async () => {
  suite = await createApiSuite({ uploadMaxBytes: MAX_BYTES });
  api = suite.api;
  await loadShippedReferentials(suite.h.prisma, { examples: true, medicines: 50 });
  const { passwordHash } = await suite.h.prisma.user.findUniqueOrThrow({
    where: { id: suite.people.person.agentA.id },
  });
  const user = await suite.h.prisma.user.create({
    data: {
      email: `agent.msas.${Date.now()}@test.siamo.sn`,
      displayName: 'agent du MSAS',
      passwordHash,
      organisationId: 'msas',
      roles: ['agent_ministere'],
    },
  });
  agent = { token: await createApiToken(suite.h.prisma, { userId: user.id, label: 'tests' }) };
}, 180_000);
afterAll(() => suite?.close());

const importActs = (file: Uint8Array, as: { token: string } = agent, title = 'Révision') =>
  api.upload(
    `mutation($file: File!, $title: String!) { importReferentialVersion(referential: "actes", title: $title, file: $file) {
      __typename ... on ReferentialImport { caseId problem { code message } version { status report rowCount } }
      ... on Error { message } } }`,
    { title },
    { name: 'actes.csv', content: file },
    as,
  );

/** What a refused import must leave: the versions (and which is in force), the rows, the cases. */
const state = async () => {
  const { prisma } = suite.h;
  const [versions, rows, cases] = await Promise.all([
    prisma.referentialVersion.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    prisma.referentialRow.count(),
    prisma.case.count({ where: { processId: 'referentiel' } }),
  ]);
  return { versions, rows, cases };
};

describe('a bad file through the API', () => {
  it.each([
    ['an empty file', new Uint8Array(), 'fichier-vide', /vide/],
    ['a header alone', csv([HEADER]), 'fichier-vide', /que sa ligne d’en-tête/],
    [
      'a missing column',
      csv(['code;libelle;chapitre;coefficient', 'CON001;Consultation;Consultations;1']),
      'colonnes-manquantes',
      /la colonne « lettre_cle »/,
    ],
    [
      'the wrong layout (another referential’s columns)',
      csv(['code;montant;plafond', 'CON001;5000;']),
      'colonnes-manquantes',
      /« libelle »/,
    ],
    [
      'an unknown separator',
      csv([HEADER.replaceAll(';', '|'), 'CON001|Consultation|Consultations|C|1']),
      'separateur',
      /ni le point-virgule ni la virgule/,
    ],
  ])('refuses %s as a whole, in French: nothing stored', async (_name, file, code, message) => {
    const before = await state();
    const answer = await importActs(file);
    expect(answer.errors).toBeUndefined();
    const result = answer.data.importReferentialVersion;
    expect(result).toMatchObject({ __typename: 'ReferentialImport', caseId: null, version: null, problem: { code } });
    expect(result.problem.message).toMatch(message);
    expect(await state()).toEqual(before);
  });

  it('keeps a file with a duplicate code as a draft with its reason: no row loaded, no case opened', async () => {
    const before = await state();
    const answer = await importActs(
      csv([HEADER, 'CON001;Consultation;Consultations;C;1', 'CON001;Doublon;Consultations;C;1']),
    );
    const result = answer.data.importReferentialVersion;
    expect(result).toMatchObject({ caseId: null, problem: null, version: { status: 'brouillon', rowCount: 0 } });
    expect(result.version.report).toMatchObject({ invalides: 1 });
    const line = await suite.h.prisma.referentialReportLine.findFirstOrThrow({
      where: { kind: 'invalide', version: { status: 'brouillon', referentialCode: 'actes' } },
    });
    expect(line.reason).toBe('Code en double : il figure déjà ligne 2.');
    const after = await state();
    expect([after.rows, after.cases]).toEqual([before.rows, before.cases]);
    expect(after.versions.filter((v) => v.status !== 'brouillon')).toEqual(
      before.versions.filter((v) => v.status !== 'brouillon'),
    );
  });

  /** A valid-looking file of exactly `size` bytes. */
  const fileOf = (size: number) => {
    const lines = [HEADER];
    for (let i = 1; lines.join('\n').length < size - 100; i++)
      lines.push(`CON${String(i % 1000).padStart(3, '0')};Consultation ${i};Consultations;C;1`);
    const text = lines.join('\n');
    return csv([`${text}\n${'x'.repeat(size - text.length - 1)}`]);
  };

  it('refuses a file larger than the limit, in French and in Ko: nothing stored', async () => {
    const before = await state();
    const file = fileOf(25 * 1024);
    expect(file.byteLength).toBe(25 * 1024);
    const result = (await importActs(file)).data.importReferentialVersion;
    expect(result).toMatchObject({ caseId: null, version: null, problem: { code: 'fichier-trop-gros' } });
    expect(result.problem.message).toBe('Le fichier fait 25 Ko, au-delà de la limite de 20 Ko.');
    expect(await state()).toEqual(before);
  });

  it('refuses an import by another authority’s agent, and one without a title: nothing stored', async () => {
    const before = await state();
    const file = csv([HEADER, 'CON001;Consultation;Consultations;C;1']);
    expect((await importActs(file, suite.people.person.agentMinistere)).data.importReferentialVersion).toEqual({
      __typename: 'NotAllowedError',
      message: 'Seul un agent de l’autorité propriétaire du référentiel (MSAS) peut importer cette version.',
    });
    expect((await importActs(file, agent, '   ')).data.importReferentialVersion).toEqual({
      __typename: 'InvalidInputError',
      message: 'Donnez un titre à la version (par exemple « Arrêté du 1er mars 2027 »).',
    });
    expect(await state()).toEqual(before);
  });
});
