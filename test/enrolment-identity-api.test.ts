import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { createHttpIdentityRegister } from '../services/enrolment/identity/http-register.ts';
import type { IdentityRegister } from '../services/enrolment/identity/identity-register.ts';
import { identityRegisterFrom } from '../services/enrolment/identity/index.ts';
import { createTestIdentityRegister } from '../services/enrolment/identity/test-register.ts';
import type { SqlClient } from '../services/enrolment/sql.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertEmployer } from './support/enrolment.ts';
import { as } from './support/people.ts';

// Hires and workforce files through the API on the real server, checked against the identity register
// the API is given: the local register of test identities (a mock of the national register, named as
// such), or an HTTP register that does not answer. A person it does not know, or knows under another
// name, is refused in French, naming what differs and never the NIN, and nothing is written.

// The register the suite's API asks; switched by a test to one that does not answer.
let register: IdentityRegister = createTestIdentityRegister();
const switching: IdentityRegister = {
  get label() {
    return register.label;
  },
  check: (claims) => register.check(claims),
};

let suite: ApiSuite;
let db: SqlClient;
let deadServer: Server;
let deadUrl: string;
beforeAll(async () => {
  suite = await createApiSuite({ identity: switching });
  db = prismaSql(suite.h.prisma);
  // A gateway that answers every request with an error: the register « refuses ».
  deadServer = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => deadServer.listen(0, '127.0.0.1', resolve));
  deadUrl = `http://127.0.0.1:${(deadServer.address() as AddressInfo).port}`;
}, 180_000);
afterAll(async () => {
  await suite?.close();
  await new Promise((resolve) => deadServer?.close(resolve));
});

const ERRORS = '... on Error { code message ... on InvalidInputError { fields { field message } } }';
const HIRE = `mutation($input: DeclareHireInput!) { declareHire(input: $input) {
  __typename ... on DeclaredHire { participantId cardNumber } ${ERRORS} } }`;
const IMPORT = `mutation($employerId: ID!, $file: File!) { importWorkforce(employerId: $employerId, file: $file) {
  __typename ... on WorkforceImport { applied participantsCreated refused { line problems } } ${ERRORS} } }`;

// Two of the local register's made-up people (services/enrolment/identity/test-register.ts).
const SARR = { nin: '1700101001234', lastName: 'Sarr', firstNames: 'Mamadou', birthDate: '1970-01-01', sex: 'M' };
const NDIAYE = {
  nin: '2880303004567',
  lastName: 'Ndiaye',
  firstNames: 'Fatou Binetou',
  birthDate: '1988-03-03',
  sex: 'F',
};

const hire = (employerId: string, who: typeof SARR, extra: Record<string, unknown> = {}) => ({
  employerId,
  identifierKind: 'nin',
  identifier: who.nin,
  matricule: 'MAT-7',
  lastName: who.lastName,
  firstNames: who.firstNames,
  birthDate: who.birthDate,
  sex: who.sex,
  hireDate: '2026-03-01',
  salary: 300_000,
  ...extra,
});
const participants = async (employerId: string) =>
  Number(
    (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "Participant" WHERE "employerId" = $1', [
        employerId,
      ])
    ).rows[0]?.n,
  );

describe('a hire declared one by one', () => {
  it('is written when the register knows the person; refused, naming what differs, when it does not', async () => {
    const { agentA } = suite.people.person;
    const employerId = await insertEmployer(db, suite.people.organisations.ipmA, 'Conserverie de Joal');
    const gql = async (input: Record<string, unknown>) =>
      (await suite.api.gql(HIRE, { input }, as(agentA))).data.declareHire;

    const misspelt = await gql(hire(employerId, SARR, { lastName: 'Sar', birthDate: '1970-01-02' }));
    expect(misspelt).toMatchObject({ __typename: 'InvalidInputError' });
    expect(misspelt.message).toBe(
      'Déclaration d’embauche refusée : Identité non conforme au registre d’identités de test (simulation du registre national) : le nom et la date de naissance ne correspondent pas au NIN ; recopiez-les depuis la carte de l’assuré.',
    );
    expect(misspelt.fields).toEqual([{ field: 'identifier', message: expect.stringContaining('le nom et la date') }]);
    const unknown = await gql(hire(employerId, SARR, { identifier: '1700101009999' }));
    expect(unknown.message).toContain('ce NIN est inconnu du registre d’identités de test');
    for (const answer of [misspelt, unknown]) {
      expect(answer.message).not.toContain(SARR.nin);
      expect(answer.message).not.toContain('1700101009999');
    }
    expect(await participants(employerId)).toBe(0);

    // Accents, case and spacing aside, as cards print names.
    const written = await gql(hire(employerId, SARR, { lastName: 'SARR', firstNames: ' mamadou ' }));
    expect(written, written.message).toMatchObject({ __typename: 'DeclaredHire' });
    expect(await participants(employerId)).toBe(1);
  });

  it('is not written when the register cannot answer, with a French message saying to try again', async () => {
    const { agentA } = suite.people.person;
    const employerId = await insertEmployer(db, suite.people.organisations.ipmA, 'Saline de Fatick');
    register = createHttpIdentityRegister({ url: deadUrl, token: 'jeton', timeoutMs: 2000 });
    try {
      const answer = (await suite.api.gql(HIRE, { input: hire(employerId, NDIAYE) }, as(agentA))).data.declareHire;
      expect(answer).toMatchObject({ __typename: 'NotAllowedError' });
      expect(answer.message).toBe(
        'Déclaration d’embauche non enregistrée : l’identité n’a pas pu être vérifiée (Le registre national des identités refuse la demande (HTTP 503).)',
      );
      const file = `${WORKFORCE_COLUMNS.join(';')}\nP;M1;NIN;${NDIAYE.nin};Ndiaye;Fatou Binetou;1988-03-03;F;250000;2026-01-01;;\n`;
      const imported = (
        await suite.api.upload(
          IMPORT,
          { employerId },
          { name: 'personnel.csv', content: new TextEncoder().encode(file), type: 'text/csv' },
          as(agentA),
        )
      ).data.importWorkforce;
      expect(imported).toMatchObject({ __typename: 'NotAllowedError' });
      expect(imported.message).toMatch(/^Fichier non importé : les identités n’ont pas pu être vérifiées/);
      expect(await participants(employerId)).toBe(0);
    } finally {
      register = createTestIdentityRegister();
    }
  });
});

describe('a workforce file imported through the API', () => {
  it('refuses the lines the register does not confirm, and writes nothing of the file', async () => {
    const { agentA } = suite.people.person;
    const employerId = await insertEmployer(db, suite.people.organisations.ipmA, 'Tannerie de Ngaye');
    const lines = [
      `P;M1;NIN;${NDIAYE.nin};Ndiaye;Fatou Binetou;1988-03-03;F;250000;2026-01-01;;`,
      // Hired by the first test: another of the register's people.
      'P;M2;NIN;1820505001111;Fall;Moussa;1982-05-05;M;250000;2026-01-01;;',
    ];
    const send = async (...rows: string[]) =>
      (
        await suite.api.upload(
          IMPORT,
          { employerId },
          {
            name: 'personnel.csv',
            content: new TextEncoder().encode(`${[WORKFORCE_COLUMNS.join(';'), ...rows].join('\n')}\n`),
            type: 'text/csv',
          },
          as(agentA),
        )
      ).data.importWorkforce;
    const refused = await send(...lines);
    expect(refused).toMatchObject({ __typename: 'WorkforceImport', applied: false, participantsCreated: 0 });
    expect(refused.refused).toEqual([
      {
        line: 3,
        problems: [
          'Identité non conforme au registre d’identités de test (simulation du registre national) : les prénoms ne correspondent pas au NIN ; recopiez-les depuis la carte de l’assuré.',
        ],
      },
    ]);
    expect(await participants(employerId)).toBe(0);
    const fixed = await send(lines[0] as string, lines[1]?.replace('Moussa', 'Ibrahima') as string);
    expect(fixed).toMatchObject({ applied: true, participantsCreated: 2 });
  });
});

describe('the register chosen at start-up', () => {
  it('is the national one when configured, the local test register with the demo data, else none', () => {
    expect(
      identityRegisterFrom({ SIAMO_IDENTITY_URL: 'https://registre.example.sn', SIAMO_IDENTITY_TOKEN: 'x' })?.label,
    ).toBe('registre national des cartes d’identité');
    expect(identityRegisterFrom({ SIAMO_DEMO_DATA: true })?.label).toBe(
      'registre d’identités de test (simulation du registre national)',
    );
    expect(identityRegisterFrom({ SIAMO_DEMO_DATA: false })).toBeUndefined();
  });
});
