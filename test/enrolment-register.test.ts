import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import type { SqlClient } from '../services/enrolment/sql.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { TEST_DATA_KEYS } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertAffiliation, insertEmployer, insertParticipant } from './support/enrolment.ts';
import { as, type Person } from './support/people.ts';

// The IPM's register through the API on the real server: a workforce file imported by the IPM's agent
// (a bad file refused in French with nothing written; a line active at another IPM set aside with its
// doublon case, which both IPMs then see), then searched by name, card, matricule and NIN — the NIN
// only as an exact match — and each IPM finding its own participants only.

let suite: ApiSuite;
let db: SqlClient;
beforeAll(async () => {
  suite = await createApiSuite();
  db = prismaSql(suite.h.prisma);
}, 180_000);
afterAll(() => suite?.close());

const ERRORS = '... on Error { code message ... on InvalidInputError { fields { field message } } }';
const IMPORT = `mutation($employerId: ID!, $file: File!) { importWorkforce(employerId: $employerId, file: $file) {
  __typename ... on WorkforceImport { applied fileProblem lines participantsCreated participantsAlreadyPresent dependantsCreated
    refused { line problems } awaitingArbitration { line caseId reason dependantLines } } ${ERRORS} } }`;
const SEARCH = `query($by: ParticipantSearchBy!, $query: String!) { registerSearch(by: $by, query: $query) {
  __typename ... on ParticipantRegisterSearch { entries { id cardNumber matricule lastName firstNames employerName activeToday } } ${ERRORS} } }`;
const FILE = `query($id: ID!) { registerParticipant(id: $id) { __typename ... on ParticipantFile {
  id cardNumber matricule lastName employerName affiliations { validFrom validTo startReason } dependants { kind firstNames cardNumber }
  rightsToday { covered code } } ${ERRORS} } }`;
const DUPLICATES = `{ ipmDuplicates { __typename ... on IpmDuplicates { duplicates { id caseId side status statusLabel
  otherIpmName cardNumber matricule employerName hireDate } } ${ERRORS} } }`;

const HEADER = WORKFORCE_COLUMNS.join(';');
const workforceFile = (...lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
/** A NIN of the right shape for the sex, unique to this run. */
const ninFor = (sex: 'F' | 'M') => `${sex === 'F' ? 2 : 1}${String(randomInt(10 ** 12)).padStart(12, '0')}`;

const upload = async (who: Person, employerId: string, bytes: Uint8Array, name = 'personnel.csv') =>
  (await suite.api.upload(IMPORT, { employerId }, { name, content: bytes, type: 'text/csv' }, as(who))).data
    .importWorkforce;
const search = async (who: Person, by: string, query: string) =>
  (await suite.api.gql(SEARCH, { by, query }, as(who))).data.registerSearch;
const counts = async (ipmId: string) =>
  (
    await db.query<{ p: number; a: number; d: number }>(
      `SELECT (SELECT count(*)::int FROM "Participant" WHERE "ipmId" = $1) AS p,
              (SELECT count(*)::int FROM "Affiliation" WHERE "ipmId" = $1) AS a,
              (SELECT count(*)::int FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId" WHERE p."ipmId" = $1) AS d`,
      [ipmId],
    )
  ).rows[0];

describe('an IPM agent imports a workforce file through the API', () => {
  it('refuses a bad file in French and writes nothing; an employer of another IPM is nobody', async () => {
    const { agentA, agentB, employeur } = suite.people.person;
    const ipmA = suite.people.organisations.ipmA;
    const employerId = await insertEmployer(db, ipmA, 'Huilerie de Kaolack');
    const before = await counts(ipmA);

    const notCsv = await upload(
      agentA,
      employerId,
      new TextEncoder().encode('nom,prenom,nin\nDiop,Awa,2751198501234\n'),
    );
    expect(notCsv).toMatchObject({ __typename: 'WorkforceImport', applied: false, participantsCreated: 0 });
    expect(notCsv.fileProblem).toMatch(/^La première ligne doit nommer les colonnes du modèle/);
    expect(notCsv.fileProblem).toContain('Rien n’a été importé.');
    const empty = await upload(agentA, employerId, new Uint8Array());
    expect(empty).toMatchObject({ applied: false, fileProblem: expect.stringMatching(/\S/) });

    // One good line and one bad: the report names the bad line, and the good one is not written either.
    const mixed = await upload(
      agentA,
      employerId,
      workforceFile(
        `P;K001;NIN;${ninFor('F')};Sow;Mariama;1988-03-03;F;200000;2026-01-01;;`,
        'P;K002;NIN;12345;Ba;Oumar;1980-01-01;M;200000;2026-01-01;;',
      ),
    );
    expect(mixed).toMatchObject({ applied: false, fileProblem: null, lines: 2, participantsCreated: 0 });
    expect(mixed.refused).toEqual([
      { line: 3, problems: [expect.stringContaining('Le NIN doit compter 13 chiffres')] },
    ]);
    expect(JSON.stringify(mixed)).not.toContain('12345');
    expect(await counts(ipmA)).toEqual(before);

    // IPM B's agent and an employer that is not this one find no such employer, and nothing is read.
    for (const who of [agentB, employeur])
      expect(await upload(who, employerId, workforceFile())).toMatchObject({
        __typename: 'NotFoundError',
        message: 'Employeur introuvable : choisissez votre entreprise, ou une entreprise adhérente de votre IPM.',
      });
    // The gérant searches the register but does not import.
    expect((await upload(suite.people.person.gerantA, employerId, workforceFile())).__typename).toBe('ForbiddenError');
    expect(await counts(ipmA)).toEqual(before);
  });

  it('imports, sets aside a line active at another IPM with its doublon case, and both IPMs see the duplicate', async () => {
    const { agentA, agentB, gerantB } = suite.people.person;
    const { ipmA, ipmB } = suite.people.organisations;
    const employerId = await insertEmployer(db, ipmA, 'Salins du Sine');
    // Already covered at IPM B since 1 March 2025.
    const ninB = ninFor('M');
    const employerB = await insertEmployer(db, ipmB, 'Pêcheries de Joal');
    const atB = await insertParticipant(db, TEST_DATA_KEYS, { ipmId: ipmB, employerId: employerB, nin: ninB });
    await insertAffiliation(db, {
      participantId: atB.id,
      ninIndex: atB.ninIndex,
      ipmId: ipmB,
      employerId: employerB,
      from: '2025-03-01',
    });
    const ninAwa = ninFor('F');
    const lines = [
      `P;S001;NIN;${ninAwa};Thiaw;Awa Bineta;1986-09-12;F;275000;2026-02-01;;`,
      'A;S001;;;Thiaw;Ndèye;2012-04-30;F;;;enfant;',
      `P;S002;NIN;${ninB};Faye;Lamine;1979-11-02;M;320000;2026-02-01;;`,
      'A;S002;;;Faye;Khady;2015-01-20;F;;;enfant;',
      `P;S003;NIN;${ninFor('M')};Séne;Ousmane;1991-06-06;M;190000;2026-02-01;;`,
    ];
    const report = await upload(agentA, employerId, workforceFile(...lines));
    expect(report, JSON.stringify(report)).toMatchObject({
      __typename: 'WorkforceImport',
      applied: true,
      fileProblem: null,
      lines: 5,
      refused: [],
      participantsCreated: 2,
      dependantsCreated: 1,
    });
    expect(report.awaitingArbitration).toEqual([
      {
        line: 4,
        caseId: expect.stringMatching(new RegExp(`^doublon/${ipmA}/doublon-`)),
        reason: expect.stringContaining('Déjà affilié(e) à une autre IPM depuis le 1er mars 2025'),
        dependantLines: [5],
      },
    ]);
    const caseId = report.awaitingArbitration[0].caseId as string;
    for (const secret of [ninB, 'Faye', 'Lamine']) expect(caseId).not.toContain(secret);
    // Nothing of IPM B touched, nothing of the set-aside line written at IPM A.
    expect(
      await suite.h.prisma.participant.count({ where: { employerId, matricule: { in: ['S001', 'S002', 'S003'] } } }),
    ).toBe(2);
    expect(
      (await suite.h.prisma.affiliation.findMany({ where: { participantId: atB.id } })).map((a) => a.validTo),
    ).toEqual([null]);

    // The case is in arbitration, held by IPM A (the second IPM); both IPMs list the conflict, each its side.
    await expect
      .poll(async () => (await suite.h.prisma.case.findUnique({ where: { id: caseId } }))?.state, { timeout: 30_000 })
      .toBe('arbitrage');
    const seenByA = (await suite.api.gql(DUPLICATES, {}, as(agentA))).data.ipmDuplicates.duplicates;
    expect(seenByA.filter((d: { caseId: string }) => d.caseId === caseId)).toEqual([
      expect.objectContaining({
        side: 'seconde',
        status: 'ouvert',
        statusLabel: 'En arbitrage par l’ICAMO',
        matricule: 'S002',
        employerName: 'Salins du Sine',
        cardNumber: null,
        hireDate: '2026-02-01',
      }),
    ]);
    for (const who of [agentB, gerantB]) {
      const seenByB = (await suite.api.gql(DUPLICATES, {}, as(who))).data.ipmDuplicates.duplicates;
      const participantB = await suite.h.prisma.participant.findUniqueOrThrow({ where: { id: atB.id } });
      expect(seenByB.filter((d: { caseId: string }) => d.caseId === caseId)).toEqual([
        expect.objectContaining({
          side: 'premiere',
          cardNumber: participantB.cardNumber,
          matricule: null,
          employerName: null,
        }),
      ]);
    }

    // The same file again: nothing more written, the same case given back.
    const again = await upload(agentA, employerId, workforceFile(...lines));
    expect(again).toMatchObject({
      applied: true,
      participantsCreated: 0,
      participantsAlreadyPresent: 2,
      dependantsCreated: 0,
    });
    expect(again.awaitingArbitration.map((a: { caseId: string }) => a.caseId)).toEqual([caseId]);
    expect(await suite.h.prisma.duplicateConflict.count({ where: { secondEmployerId: employerId } })).toBe(1);

    // A status that is none is named.
    expect(
      (await suite.api.gql('{ ipmDuplicates(status: "perdu") { __typename } }', {}, as(agentA))).data.ipmDuplicates,
    ).toMatchObject({ __typename: 'InvalidInputError' });
  });
});

describe('an employer imports its own workforce', () => {
  it('imports for itself, and finds no other employer', async () => {
    const { employeur } = suite.people.person;
    const { ipmA, employer } = suite.people.organisations;
    const own = await insertEmployer(db, ipmA, 'Menuiserie de Mbour');
    await db.query('UPDATE "Employer" SET "organisationId" = $2 WHERE "id" = $1', [own, employer]);
    const report = await upload(
      employeur,
      own,
      workforceFile(
        `P;M-77;CMU;${String(randomInt(10 ** 13)).padStart(14, '3')};Mensah;Kofi;1990-02-02;M;180000;2026-03-01;;`,
      ),
    );
    expect(report, JSON.stringify(report)).toMatchObject({
      applied: true,
      participantsCreated: 1,
      awaitingArbitration: [],
    });
    expect(await suite.h.prisma.participant.count({ where: { employerId: own } })).toBe(1);
    // An employer of the same IPM that is not its own: nobody.
    const other = await insertEmployer(db, ipmA, 'Voisin SARL');
    expect((await upload(employeur, other, workforceFile())).__typename).toBe('NotFoundError');
  });
});

describe('the register of participants', () => {
  it('finds its own participants by name, card number, matricule and NIN — the NIN exact only — and no other IPM’s', async () => {
    const { agentA, gerantA, agentB, gerantB, employeur } = suite.people.person;
    const ipmA = suite.people.organisations.ipmA;
    const employerId = await insertEmployer(db, ipmA, 'Conserverie de Dakar');
    const nin = ninFor('F');
    const imported = await upload(
      agentA,
      employerId,
      workforceFile(
        `P;R-0101;NIN;${nin};Ndiaye;Sokhna Maïmouna;1984-12-01;F;410000;2025-09-01;;`,
        'A;R-0101;;;Ndiaye;Babacar;2011-02-02;M;;;enfant;',
        `P;R-0102;NIN;${ninFor('M')};Ndiayène;Cheikh;1970-07-07;M;500000;2025-09-01;;`,
      ),
    );
    expect(imported, JSON.stringify(imported)).toMatchObject({ applied: true, participantsCreated: 2 });
    const sokhna = await suite.h.prisma.participant.findFirstOrThrow({ where: { employerId, matricule: 'R-0101' } });
    const child = await suite.h.prisma.dependant.findFirstOrThrow({ where: { participantId: sokhna.id } });
    const ids = (answer: { entries: { id: string }[] }) => answer.entries.map((e) => e.id);

    // By name: each word, ignoring case and accents, in the name or first names.
    expect(ids(await search(agentA, 'nom', 'ndiaye maimouna'))).toEqual([sokhna.id]);
    const both = await search(gerantA, 'nom', 'NDIAY');
    expect(both.entries.map((e: { matricule: string }) => e.matricule).sort()).toEqual(['R-0101', 'R-0102']);
    expect(both.entries.find((e: { id: string }) => e.id === sokhna.id)).toMatchObject({
      cardNumber: sokhna.cardNumber,
      employerName: 'Conserverie de Dakar',
      activeToday: true,
    });
    expect(JSON.stringify(both)).not.toContain(nin);
    // By card: the participant's, or a dependant's, which finds its participant; spaces as printed.
    expect(ids(await search(agentA, 'carte', sokhna.cardNumber.replace(/(\d{4})(?=\d)/g, '$1 ')))).toEqual([sokhna.id]);
    expect(ids(await search(agentA, 'carte', child.cardNumber))).toEqual([sokhna.id]);
    expect(ids(await search(agentA, 'matricule', 'r-0101'))).toEqual([sokhna.id]);
    // By NIN: the whole NIN, as typed with spaces, finds her; a part of it is refused, another NIN finds nobody.
    expect(ids(await search(agentA, 'nin', `${nin.slice(0, 1)} ${nin.slice(1, 4)} ${nin.slice(4)}`))).toEqual([
      sokhna.id,
    ]);
    const partial = await search(agentA, 'nin', nin.slice(0, 9));
    expect(partial).toMatchObject({
      __typename: 'InvalidInputError',
      message: expect.stringContaining('la recherche par NIN est exacte'),
    });
    expect(partial.message).not.toContain(nin.slice(0, 9));
    expect(ids(await search(agentA, 'nin', `${nin.slice(0, 12)}${(Number(nin[12]) + 1) % 10}`))).toEqual([]);
    expect(await search(agentA, 'carte', '1234')).toMatchObject({ __typename: 'InvalidInputError' });
    expect(await search(agentA, 'nom', '   ')).toMatchObject({ __typename: 'InvalidInputError' });

    // The file: identity, employer, affiliation, dependants and rights today.
    const file = (await suite.api.gql(FILE, { id: sokhna.id }, as(agentA))).data.registerParticipant;
    expect(file).toMatchObject({
      __typename: 'ParticipantFile',
      matricule: 'R-0101',
      employerName: 'Conserverie de Dakar',
      affiliations: [{ validFrom: '2025-09-01', validTo: null, startReason: 'embauche' }],
      dependants: [{ kind: 'enfant', firstNames: 'Babacar', cardNumber: child.cardNumber }],
      rightsToday: { covered: true, code: 'couvert' },
    });

    // IPM B finds nobody of IPM A, by any search, nor its file; other roles are refused.
    for (const who of [agentB, gerantB]) {
      expect(ids(await search(who, 'nom', 'ndiaye'))).toEqual([]);
      expect(ids(await search(who, 'nin', nin))).toEqual([]);
      expect(ids(await search(who, 'carte', sokhna.cardNumber))).toEqual([]);
      expect(ids(await search(who, 'matricule', 'R-0101'))).toEqual([]);
      expect((await suite.api.gql(FILE, { id: sokhna.id }, as(who))).data.registerParticipant).toMatchObject({
        __typename: 'NotFoundError',
        message: 'Participant introuvable dans le registre de votre IPM.',
      });
    }
    expect((await search(employeur, 'nom', 'ndiaye')).__typename).toBe('ForbiddenError');
  });
});
