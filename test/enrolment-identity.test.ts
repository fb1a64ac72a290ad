import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/env.ts';
import { createHttpIdentityRegister } from '../services/enrolment/identity/http-register.ts';
import { identityRegisterFrom } from '../services/enrolment/identity/index.ts';
import { createTestIdentityRegister } from '../services/enrolment/identity/test-register.ts';
import { importWorkforce } from '../services/enrolment/import-workforce.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { insertEmployer, testDataKeys } from './support/enrolment.ts';

// The identity check of enrolment: the local register of test identities (a mock of the national
// register) says conforming, unknown or which field differs; the HTTP register speaks its documented
// contract to a real HTTP server, and its settings are checked at start-up; a workforce import refuses
// a line whose identity does not match, in French, and writes nothing.

const claim = {
  kind: 'nin' as const,
  identifier: '2751198501234',
  lastName: 'Diop',
  firstNames: 'Awa',
  birthDate: '1985-11-07',
};

describe('the local register of test identities', () => {
  it('answers conforming (accents and case aside), unknown, or the fields that differ', async () => {
    const register = createTestIdentityRegister();
    expect(register.label).toBe('registre d’identités de test (simulation du registre national)');
    expect(
      await register.check([
        { ...claim, lastName: 'DIOP', firstNames: 'awa' },
        { ...claim, identifier: '2999999999999' },
        { ...claim, firstNames: 'Aïssatou', birthDate: '1985-11-08' },
      ]),
    ).toEqual([
      { status: 'conforme' },
      { status: 'inconnu' },
      { status: 'divergent', fields: ['prenoms', 'date_naissance'] },
    ]);
  });
});

describe('the HTTP register', () => {
  let server: Server;
  let url: string;
  const seen: { authorization?: string; body: unknown }[] = [];
  let answer: (body: { demandes: { numero: string }[] }) => { status: number; json: unknown } = (body) => ({
    status: 200,
    json: {
      reponses: body.demandes.map((d) =>
        d.numero === claim.identifier ? { statut: 'conforme' } : { statut: 'divergent', champs: ['nom'] },
      ),
    },
  });
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => resolve(text));
    });
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = JSON.parse(await read(req));
      seen.push({ authorization: req.headers.authorization, body });
      const { status, json } = req.url === '/api/verifications' ? answer(body) : { status: 404, json: {} };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it('sends the claims in batches with its token, and reads the verdicts in order', async () => {
    const register = identityRegisterFrom({ SIAMO_IDENTITY_URL: url, SIAMO_IDENTITY_TOKEN: 'jeton-de-test' });
    expect(register?.label).toBe('registre national des cartes d’identité');
    const batched = createHttpIdentityRegister({ url, token: 'jeton-de-test', timeoutMs: 2000, batchSize: 2 });
    seen.length = 0;
    const verdicts = await batched.check([claim, { ...claim, identifier: '1820505001111' }, claim]);
    expect(verdicts).toEqual([
      { status: 'conforme' },
      { status: 'divergent', fields: ['nom'] },
      { status: 'conforme' },
    ]);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer jeton-de-test', 'Bearer jeton-de-test']);
    expect(seen[0]?.body).toEqual({
      demandes: [
        { type: 'nin', numero: '2751198501234', nom: 'Diop', prenoms: 'Awa', date_naissance: '1985-11-07' },
        { type: 'nin', numero: '1820505001111', nom: 'Diop', prenoms: 'Awa', date_naissance: '1985-11-07' },
      ],
    });
  });

  it('says in French when the register refuses, answers oddly or is away', async () => {
    const register = createHttpIdentityRegister({ url, token: 't', timeoutMs: 2000 });
    answer = () => ({ status: 503, json: {} });
    await expect(register.check([claim])).rejects.toThrow(
      'Le registre national des identités refuse la demande (HTTP 503).',
    );
    answer = () => ({ status: 200, json: { reponses: [] } });
    await expect(register.check([claim])).rejects.toThrow(
      'Le registre national des identités a répondu dans un format inattendu.',
    );
    const away = createHttpIdentityRegister({ url: 'http://127.0.0.1:1/api', token: 't', timeoutMs: 2000 });
    await expect(away.check([claim])).rejects.toThrow(
      'Le registre national des identités ne répond pas (127.0.0.1:1) : réessayez plus tard.',
    );
  });

  it('has its settings checked at start-up', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env, path.join(path.sep, 'srv', 'siamo'));
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
      return '';
    };
    expect(problem({ SIAMO_IDENTITY_URL: 'http://registre.example.sn/api', SIAMO_IDENTITY_TOKEN: 'x' })).toContain(
      'SIAMO_IDENTITY_URL: doit être en https:// (les identités ne circulent pas en clair sur le réseau).',
    );
    expect(problem({ SIAMO_IDENTITY_URL: 'https://registre.example.sn/api' })).toContain(
      'SIAMO_IDENTITY_TOKEN: requis avec SIAMO_IDENTITY_URL (le jeton d’accès au registre).',
    );
    expect(
      problem({ SIAMO_IDENTITY_URL: 'https://registre.example.sn/api', SIAMO_IDENTITY_TIMEOUT_MS: '5' }),
    ).toContain('SIAMO_IDENTITY_TIMEOUT_MS: doit être au moins 100');
    expect(problem({ SIAMO_IDENTITY_URL: 'https://registre.example.sn/api', SIAMO_IDENTITY_TOKEN: 'x' })).toBe('');
  });
});

describe('a workforce import checked against the register', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('refuses the lines whose identity does not match, naming what differs, and writes nothing', async () => {
    const employerId = await insertEmployer(pool, 'IPM-1');
    const file = (...lines: string[]) =>
      new TextEncoder().encode(`${[WORKFORCE_COLUMNS.join(';'), ...lines].join('\n')}\n`);
    const options = {
      ipmId: 'IPM-1',
      employerId,
      keys: testDataKeys(),
      asOf: '2026-12-01',
      identity: createTestIdentityRegister(),
    };
    const report = await importWorkforce(pool, {
      ...options,
      bytes: file(
        'P;M001;NIN;2751198501234;Diop;Awa;07/11/1985;F;250000;2026-01-01;;',
        'P;M002;NIN;1820505001111;Fal;Ibrahima;1982-05-06;M;310000;2025-06-01;;',
        'P;M003;NIN;1999999999999;Sow;Ousmane;1979-09-09;M;200000;2025-06-01;;',
      ),
    });
    expect(report).toMatchObject({ applied: false, participantsCreated: 0 });
    expect(report.refused).toEqual([
      {
        line: 3,
        problems: [
          'Identité non conforme au registre d’identités de test (simulation du registre national) : le nom et la date de naissance ne correspondent pas au NIN ; recopiez-les depuis la carte de l’assuré.',
        ],
      },
      {
        line: 4,
        problems: [
          'Identité non vérifiée : ce NIN est inconnu du registre d’identités de test (simulation du registre national) ; vérifiez-le sur la carte de l’assuré.',
        ],
      },
    ]);
    expect((await pool.query('SELECT count(*)::int AS n FROM "Participant"')).rows[0].n).toBe(0);
    const good = await importWorkforce(pool, {
      ...options,
      bytes: file('P;M001;NIN;2751198501234;DIOP;Awa;1985-11-07;F;250000;2026-01-01;;'),
    });
    expect(good).toMatchObject({ applied: true, participantsCreated: 1 });
  });
});
