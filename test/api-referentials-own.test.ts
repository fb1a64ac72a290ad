import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import '../services/domains.ts';
import { carePackageAt } from '../services/referentials/care-package.ts';
import { carePackageCsv, transcodingCsv } from '../services/referentials/own-samples.ts';
import { sampleActs } from '../services/referentials/samples.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { ApiServer, Credentials } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { eventually } from './support/licensing.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';

// The referentials an IPM (or a provider) keeps for itself, on the real Temporal server through the
// API: IPM A's agent imports a new care package, IPM B's gérant can neither read nor approve it
// (refused in French, nothing changed), IPM A's gérant approves it for today and its timer brings it
// into force in A's series only — B's package, on the same acts and days, goes on. The as-of rule is
// read on the day of the change; a line naming an act the national nomenclature does not have is
// reported by its line; a provider's agent imports and approves its own transcoding.

let suite: ApiSuite;
let api: ApiServer;
let lab: MailLab;
let ipmA: string;
let ipmB: string;

const PACKAGE = 'ipm-panier-de-soins';
const today = dakarDay(new Date());
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const french = (day: string) => day.split('-').reverse().join('/');

/** IPM A's shipped package with its first act's rate set to 55 (a rate no sample uses). */
function revisedPackage(): { csv: string; act: string; oldRate: number } {
  const [header, first, ...rest] = carePackageCsv(ipmA, sampleActs()).trim().split('\n');
  const [act = '', rate = '', ...others] = (first ?? '').split(';');
  return { csv: [header, [act, 55, ...others].join(';'), ...rest].join('\n'), act, oldRate: Number(rate) };
}

const upload = async (as: Credentials, referential: string, csv: string, title = 'Révision') => {
  const answer = await api.upload(
    `mutation($file: File!) { importReferentialVersion(referential: "${referential}", title: "${title}", file: $file) {
      __typename ... on ReferentialImport { caseId problem { message }
        version { id number status ownerOrganisationId report reportLines(kind: "invalide") { line code reason } } }
      ... on Error { message } } }`,
    {},
    { name: `${referential}.csv`, content: new TextEncoder().encode(csv) },
    as,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.importReferentialVersion;
};

const decide = async (as: Credentials, versionId: string, dateEffet: string) => {
  const answer = await api.gql(
    `mutation($id: ID!, $dateEffet: String) {
      decideReferentialVersion(versionId: $id, decision: approuver, dateEffet: $dateEffet) {
        __typename ... on ReferentialVersion { status validFrom } ... on Error { message } } }`,
    { id: versionId, dateEffet },
    as,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.decideReferentialVersion;
};

const readVersion = async (as: Credentials, id: string) => {
  const answer = await api.gql(
    `query($id: ID!) { referentialVersion(id: $id) { __typename
      ... on ReferentialVersion { number ownerOrganisationId } ... on Error { message } } }`,
    { id },
    as,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.referentialVersion;
};

const packageAsOf = async (as: Credentials, codes: string[], date: string, owner?: string) => {
  const answer = await api.gql(
    `query($codes: [String!]!, $date: String!, $owner: ID) {
      referentialAsOf(referential: "${PACKAGE}", codes: $codes, date: $date, owner: $owner) { __typename
        ... on ReferentialAsOfSuccess { data { code found fields version { number ownerOrganisationId } } }
        ... on Error { message } } }`,
    { codes, date, owner },
    as,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.referentialAsOf;
};

const version = (id: string) => suite.h.prisma.referentialVersion.findUniqueOrThrow({ where: { id } });
const inForce = (owner: string) =>
  suite.h.prisma.referentialVersion.findFirstOrThrow({
    where: { referentialCode: PACKAGE, ownerOrganisationId: owner, status: 'en_vigueur' },
  });

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({ dependencies: { mail: lab.settings, dataDir: lab.dataDir } });
  api = suite.api;
  ({ ipmA, ipmB } = suite.people.organisations);
  await loadShippedReferentials(suite.h.prisma, {
    examples: true,
    medicines: 200,
    ownSamplesFor: [ipmA, ipmB, suite.people.organisations.provider],
  });
}, 180_000);
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

describe('the referentials an IPM keeps for itself', () => {
  let v2: string;
  let v2Case: string;

  it('its agent imports a new version of its care package, in its own series', async () => {
    const imported = await upload(suite.people.person.agentA, PACKAGE, revisedPackage().csv);
    expect(imported).toMatchObject({
      __typename: 'ReferentialImport',
      problem: null,
      version: { number: 2, status: 'validee', ownerOrganisationId: ipmA },
    });
    // Compared with A's own version in force, not B's.
    expect(imported.version.report).toMatchObject({ ajouts: 0, retraits: 0, modifications: 1 });
    v2 = imported.version.id;
    v2Case = imported.caseId;
    expect(await suite.h.prisma.case.findUniqueOrThrow({ where: { id: v2Case } })).toMatchObject({
      processId: 'referentiel',
      processVersion: 2,
      state: 'attente_approbation',
      organisationId: ipmA,
    });
  });

  it('another IPM can neither read it nor approve it, in French, and nothing changes', async () => {
    const { gerantB, agentB, agentA } = suite.people.person;
    const refusedRead =
      'Ce référentiel (« Panier de soins de l’IPM ») appartient à une autre IPM : ' +
      'seuls celle qui le tient, l’ICAMO et le ministère peuvent le consulter.';
    expect(await readVersion(gerantB, v2)).toEqual({ __typename: 'NotAllowedError', message: refusedRead });
    expect(await packageAsOf(agentB, [revisedPackage().act], today, ipmA)).toEqual({
      __typename: 'NotAllowedError',
      message: refusedRead,
    });
    const exported = await api.get(`/referentiels/export/${v2}.csv`, gerantB);
    expect(exported.status).toBe(403);
    expect(await exported.json()).toEqual({ erreur: refusedRead });
    const versions = await api.gql(
      `query($owner: ID) { referentialVersions(referential: "${PACKAGE}", owner: $owner) { __typename ... on Error { message } } }`,
      { owner: ipmA },
      gerantB,
    );
    expect(versions.data.referentialVersions).toEqual({ __typename: 'NotAllowedError', message: refusedRead });

    expect(await decide(gerantB, v2, today)).toEqual({
      __typename: 'NotAllowedError',
      message:
        'Seul le gérant de l’IPM qui tient ce référentiel (« Panier de soins de l’IPM ») peut approuver cette version.',
    });
    // Nor through the engine's generic event: the case is another organisation's.
    const generic = await api.gql(
      `mutation($caseId: ID!) { sendEvent(input: { caseId: $caseId, event: "version.approuver", input: { dateEffet: "${today}" } }) {
        __typename } }`,
      { caseId: v2Case },
      gerantB,
    );
    expect(generic.data.sendEvent.__typename).toBe('NotFoundError');
    // Its own agent may import, not approve.
    expect((await decide(agentA, v2, today)).__typename).toBe('ForbiddenError');
    expect(await version(v2)).toMatchObject({ status: 'validee', validFrom: null, approvedBy: null });
    expect((await suite.h.prisma.case.findUniqueOrThrow({ where: { id: v2Case } })).state).toBe('attente_approbation');
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId: v2Case, event: 'version.approuver' } })).toBe(0);
  });

  it('ICAMO and the ministry read any IPM’s series, naming whose', async () => {
    const { analyste, agentMinistere } = suite.people.person;
    expect(await readVersion(analyste, v2)).toEqual({
      __typename: 'ReferentialVersion',
      number: 2,
      ownerOrganisationId: ipmA,
    });
    const answer = await api.gql(
      `query($owner: ID) { referentialVersions(referential: "${PACKAGE}", owner: $owner) { __typename
        ... on ReferentialVersionsSuccess { data { number status ownerOrganisationId } } } }`,
      { owner: ipmB },
      agentMinistere,
    );
    expect(answer.data.referentialVersions.data).toEqual([
      { number: 1, status: 'en_vigueur', ownerOrganisationId: ipmB },
    ]);
    // The list shows ICAMO every IPM's package in force, an IPM its own only.
    const seriesOf = async (as: Credentials) => {
      const list = await api.gql(
        `{ referentials { ... on ReferentialsSuccess { data { code series { number ownerOrganisationId } } } } }`,
        {},
        as,
      );
      return list.data.referentials.data.find((r: { code: string }) => r.code === PACKAGE).series;
    };
    expect(await seriesOf(analyste)).toEqual([
      { number: 1, ownerOrganisationId: ipmA },
      { number: 1, ownerOrganisationId: ipmB },
    ]);
    expect(await seriesOf(suite.people.person.gerantB)).toEqual([{ number: 1, ownerOrganisationId: ipmB }]);
    const unnamed = await packageAsOf(analyste, ['CON001'], today);
    expect(unnamed.__typename).toBe('InvalidInputError');
    expect(unnamed.message).toMatch(/est tenu par chaque IPM : précisez de laquelle/);
  });

  it('its gérant approves it for today: in force by its timer, A’s previous version archived, B’s untouched, A told', async () => {
    const previousA = await inForce(ipmA);
    const currentB = await inForce(ipmB);
    expect(await decide(suite.people.person.gerantA, v2, today)).toMatchObject({ __typename: 'ReferentialVersion' });
    await eventually(
      () => suite.h.prisma.case.findUniqueOrThrow({ where: { id: v2Case } }),
      (c) => c.state === 'en_vigueur',
    );
    await eventually(
      () => version(v2),
      (v) => v.status === 'en_vigueur',
    );
    expect(await version(previousA.id)).toMatchObject({ status: 'remplacee' });
    expect((await version(previousA.id)).validTo?.toISOString().slice(0, 10)).toBe(today);
    expect(await version(currentB.id)).toMatchObject({ status: 'en_vigueur', validTo: null });

    const { gerantA, agentA } = suite.people.person;
    const mails = await eventually(
      async () => (await lab.caught()).filter((m) => m.subject?.startsWith('Référentiel')),
      (found) => found.length >= 2,
    );
    expect(mails.map(recipientOf).sort()).toEqual([agentA.email, gerantA.email].sort());
    expect(mails[0]?.subject).toBe(
      `Référentiel « Panier de soins de l’IPM » : version n°2 en vigueur le ${french(today)}`,
    );
  });

  it('reads the old entry the day before the change and the new one on the day, naming the version used', async () => {
    const { act, oldRate } = revisedPackage();
    const [before] = await carePackageAt(suite.h.prisma, ipmA, [act], yesterday);
    const [on] = await carePackageAt(suite.h.prisma, ipmA, [act], today);
    expect(before).toMatchObject({ actCode: act, covered: true, rate: oldRate, versionNumber: 1 });
    expect(on).toMatchObject({ actCode: act, covered: true, rate: 55, versionId: v2, versionNumber: 2 });
    expect(typeof on?.pecRequired).toBe('boolean');
    // IPM B's package is its own, whatever A changed.
    const [other] = await carePackageAt(suite.h.prisma, ipmB, [act], today);
    expect(other?.versionNumber).toBe(1);
    expect(other?.versionId).not.toBe(v2);
    // Through the API, an IPM reads its own series without naming it.
    const read = await packageAsOf(suite.people.person.agentA, [act, 'ZZZ999'], today);
    expect(read.data[0]).toMatchObject({
      found: true,
      fields: { taux: 55 },
      version: { number: 2, ownerOrganisationId: ipmA },
    });
    expect(read.data[1]).toMatchObject({ code: 'ZZZ999', found: false });
  });

  it('reports, line by line, an act the national nomenclature does not have, and opens no case', async () => {
    const [header, ...lines] = revisedPackage().csv.split('\n');
    const csv = [header, lines[0], 'XYZ999;80;;non;non', lines[1], 'ABC123;70;100000;oui;non'].join('\n');
    const versionsBefore = await suite.h.prisma.referentialVersion.count({ where: { referentialCode: PACKAGE } });
    const imported = await upload(suite.people.person.agentA, PACKAGE, csv);
    expect(imported).toMatchObject({ caseId: null, version: { status: 'brouillon', ownerOrganisationId: ipmA } });
    const day = french(today);
    expect(imported.version.reportLines).toEqual([
      {
        line: 3,
        code: 'XYZ999',
        reason: `« Code » : le code « XYZ999 » n’existe pas dans le référentiel « actes » en vigueur au ${day}.`,
      },
      {
        line: 5,
        code: 'ABC123',
        reason: `« Code » : le code « ABC123 » n’existe pas dans le référentiel « actes » en vigueur au ${day}.`,
      },
    ]);
    expect(await suite.h.prisma.referentialVersion.count({ where: { referentialCode: PACKAGE } })).toBe(
      versionsBefore + 1,
    );
    expect((await inForce(ipmA)).id).toBe(v2);
  });

  it('reports an agreed tariff whose code is not its provider and act joined', async () => {
    const csv = [
      'code;prestataire;acte;montant',
      'PS-00001-CON001;PS-00001;CON001;5000',
      'PS-00001-CON002;PS-00002;CON002;6000',
    ].join('\n');
    const imported = await upload(suite.people.person.agentA, 'ipm-tarifs-convenus', csv);
    expect(imported).toMatchObject({ caseId: null, version: { status: 'brouillon' } });
    expect(imported.version.reportLines).toEqual([
      {
        line: 3,
        code: 'PS-00001-CON002',
        reason:
          'Le code « PS-00001-CON002 » devrait être « PS-00002-CON002 » (prestataire, puis acte, séparés par un tiret).',
      },
    ]);
  });

  it('a provider’s agent imports and approves its own transcoding; an IPM cannot import one', async () => {
    const { agentPs, agentA } = suite.people.person;
    const provider = suite.people.organisations.provider;
    const [header, first, ...rest] = transcodingCsv(provider, sampleActs()).trim().split('\n');
    const csv = [header, first?.replace(/;[^;]*$/, ';Consultation (libellé révisé)'), ...rest].join('\n');
    const before = await suite.h.prisma.referentialVersion.count({ where: { referentialCode: 'ps-transcodage' } });
    expect(await upload(agentA, 'ps-transcodage', csv)).toEqual({
      __typename: 'NotAllowedError',
      message:
        '« Transcodage du prestataire (codes locaux → actes nationaux) » est tenu par chaque prestataire : ' +
        'seul un agent d’un prestataire peut en importer une version, pour son organisation.',
    });
    expect(await suite.h.prisma.referentialVersion.count({ where: { referentialCode: 'ps-transcodage' } })).toBe(
      before,
    );

    const imported = await upload(agentPs, 'ps-transcodage', csv);
    expect(imported.version).toMatchObject({ number: 2, status: 'validee', ownerOrganisationId: provider });
    expect(imported.version.report).toMatchObject({ modifications: 1 });
    expect(await decide(agentPs, imported.version.id, today)).toMatchObject({ __typename: 'ReferentialVersion' });
    await eventually(
      () => version(imported.version.id),
      (v) => v.status === 'en_vigueur',
    );
  });
});
