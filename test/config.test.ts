import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/env.ts';
import { newDataKeysText } from '../services/personal-data/data-keys.ts';
import { newKeyEntry } from '../services/personal-data/key-ring.ts';

const cwd = path.join(path.sep, 'srv', 'siamo');

/** Loads a configuration from this environment only, never from process.env nor a `.env` file. */
const load = (env: Record<string, string>) => loadConfig(env, cwd);

/** The ConfigError message for this environment. */
const problem = (env: Record<string, string>): string => {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).name).toBe('ConfigError');
    return (error as ConfigError).message;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
};

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('gives the defaults for a clean environment', () => {
    expect(load({})).toEqual({
      SIAMO_DATA_DIR: 'var',
      EMBEDDED_DB_PORT: 5488,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      SIAMO_DURATIONS: {},
      SIAMO_SETTINGS: {},
      LOG_LEVEL: 'info',
      SESSION_DURATION: 8 * 3600_000,
      SIGNIN_LOCK_AFTER: 5,
      SIGNIN_LOCK_DURATION: 15 * 60_000,
      SIAMO_UPDATE_WAIT: 20_000,
      SECURE_COOKIES: false,
      GRAPHQL_INTROSPECTION: true,
      UPLOAD_MAX_BYTES: 10 * 1024 * 1024,
      SIAMO_DEMO_DATA: true,
      SIAMO_DEMO_SCENARIO: true,
      MAIL_FROM: 'Siamo <ne-pas-repondre@siamo.local>',
      DIGEST_HOUR: 7,
      SIAMO_IDENTITY_TIMEOUT_MS: 5000,
      PASSWORD_MIN_LENGTH: 12,
      // The demo data is on by default: its accounts sign in without an authenticator app.
      TOTP_REQUIRED_ROLES: [],
      SIAMO_ROLE: 'all',
      SIAMO_BACKUP_DIR: 'sauvegardes',
      dataDir: path.join(cwd, 'var'),
      backupDir: path.join(cwd, 'sauvegardes'),
      // Embedded mode: the keys are made at the first start, in the data folder.
      payloadKeys: undefined,
      dataKeys: undefined,
      publicUrl: 'http://127.0.0.1:3000',
    });
  });

  it('needs both the administrator’s email and password, or neither', () => {
    expect(problem({ SIAMO_ADMIN_EMAIL: 'admin@siamo.sn' })).toContain('SIAMO_ADMIN_EMAIL, SIAMO_ADMIN_PASSWORD');
    expect(
      load({ SIAMO_ADMIN_EMAIL: 'admin@siamo.sn', SIAMO_ADMIN_PASSWORD: 'un-long-secret-1' }).SIAMO_ADMIN_EMAIL,
    ).toBe('admin@siamo.sn');
    expect(problem({ SECURE_COOKIES: 'oui' })).toContain('SECURE_COOKIES: doit être true ou false');
  });

  it('bounds how long a caller waits for a case to show an action', () => {
    expect(load({ SIAMO_UPDATE_WAIT: 'PT45S' }).SIAMO_UPDATE_WAIT).toBe(45_000);
    expect(problem({ SIAMO_UPDATE_WAIT: 'PT0.5S' })).toContain(
      'SIAMO_UPDATE_WAIT: doit être une durée de 1 seconde à 10 minutes',
    );
    expect(problem({ SIAMO_UPDATE_WAIT: 'PT1H' })).toContain(
      'SIAMO_UPDATE_WAIT: doit être une durée de 1 seconde à 10 minutes',
    );
    expect(problem({ SIAMO_UPDATE_WAIT: '20' })).toContain('SIAMO_UPDATE_WAIT');
  });

  it('treats blank values as absent and ignores unrelated variables', () => {
    expect(load({ DATABASE_URL: '', HTTP_PORT: '', LOG_LEVEL: '', HOME: '/root', PATH: '/usr/bin' })).toEqual(load({}));
  });

  it('reads valid values, converting ports and durations', () => {
    const config = load({
      DATABASE_URL: 'postgresql://siamo@db.example.sn:5432/siamo',
      SIAMO_SIGNIN_KEY: KEY,
      SIAMO_DATA_DIR: '/var/lib/siamo',
      EMBEDDED_DB_PORT: '6543',
      TEMPORAL_ADDRESS: 'temporal.example.sn:7233',
      TEMPORAL_NAMESPACE: 'siamo-prod',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '8080',
      SIAMO_DURATIONS: 'agrement.delaiComplements=PT10S; agrement.instruction=P5D',
      LOG_LEVEL: 'debug',
      // A real cluster: its keys are given (test/personal-data-crypto.test.ts checks them).
      SIAMO_PAYLOAD_KEYS: newKeyEntry('p1'),
      SIAMO_DATA_KEYS: newDataKeysText(),
    });
    expect(config).toMatchObject({
      DATABASE_URL: 'postgresql://siamo@db.example.sn:5432/siamo',
      EMBEDDED_DB_PORT: 6543,
      TEMPORAL_ADDRESS: 'temporal.example.sn:7233',
      TEMPORAL_NAMESPACE: 'siamo-prod',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8080,
      SIAMO_DURATIONS: { 'agrement.delaiComplements': 'PT10S', 'agrement.instruction': 'P5D' },
      LOG_LEVEL: 'debug',
      dataDir: '/var/lib/siamo',
    });
    expect(load({ DATABASE_URL: 'postgres://u:p@h/b', SIAMO_SIGNIN_KEY: KEY }).DATABASE_URL).toBe('postgres://u:p@h/b');
    expect(load({ SIAMO_DATA_DIR: 'donnees' }).dataDir).toBe(path.join(cwd, 'donnees'));
  });

  it('reports a DATABASE_URL that is not a PostgreSQL URL', () => {
    expect(problem({ DATABASE_URL: 'mysql://siamo@db:3306/siamo' })).toBe(
      'Configuration invalide :\n  - DATABASE_URL: doit être une URL postgresql://utilisateur@hôte:port/base',
    );
    expect(problem({ DATABASE_URL: 'postgresql://' })).toContain('DATABASE_URL: doit être une URL postgresql://');
  });

  it('reports a port that is not a number, or out of range', () => {
    expect(problem({ HTTP_PORT: 'abc' })).toMatch(/^Configuration invalide :\n {2}- HTTP_PORT: .+$/);
    expect(problem({ HTTP_PORT: '70000' })).toMatch(/^Configuration invalide :\n {2}- HTTP_PORT: .+$/);
    expect(problem({ HTTP_PORT: '80.5' })).toMatch(/^Configuration invalide :\n {2}- HTTP_PORT: .+$/);
    expect(problem({ EMBEDDED_DB_PORT: '0' })).toMatch(/^Configuration invalide :\n {2}- EMBEDDED_DB_PORT: .+$/);
  });

  it('reports a TEMPORAL_ADDRESS without a port', () => {
    expect(problem({ TEMPORAL_ADDRESS: 'temporal.example.sn' })).toBe(
      'Configuration invalide :\n  - TEMPORAL_ADDRESS: doit être de la forme hôte:port, par exemple temporal.example.org:7233',
    );
  });

  it('reports malformed SIAMO_DURATIONS with the parser’s message', () => {
    expect(problem({ SIAMO_DURATIONS: 'agrement.delaiComplements' })).toBe(
      'Configuration invalide :\n  - SIAMO_DURATIONS: « agrement.delaiComplements » : attendu processus.nomDeLaDurée=DURÉE, ' +
        'par exemple agrement.delaiComplements=PT10S',
    );
    expect(problem({ SIAMO_DURATIONS: 'agrement.instruction=dix jours' })).toBe(
      'Configuration invalide :\n  - SIAMO_DURATIONS: agrement.instruction : durée invalide « dix jours » : attendu une durée ISO 8601 comme P30D, PT12H ou PT10S',
    );
  });

  it('runs the API and the worker apart only against a shared database and Temporal', () => {
    expect(load({}).SIAMO_ROLE).toBe('all');
    expect(problem({ SIAMO_ROLE: 'portail' })).toBe(
      'Configuration invalide :\n  - SIAMO_ROLE: doit être api, worker ou all',
    );
    expect(problem({ SIAMO_ROLE: 'worker', DATABASE_URL: 'postgresql://siamo@db:5432/siamo' })).toMatch(
      /SIAMO_ROLE: « worker » .*DATABASE_URL et TEMPORAL_ADDRESS/,
    );
    const shared = {
      DATABASE_URL: 'postgresql://siamo@db:5432/siamo',
      TEMPORAL_ADDRESS: 'temporal:7233',
      SIAMO_SIGNIN_KEY: KEY,
      SIAMO_PAYLOAD_KEYS: newKeyEntry('p1'),
      SIAMO_DATA_KEYS: newDataKeysText(),
    };
    expect(load({ ...shared, SIAMO_ROLE: 'api' }).SIAMO_ROLE).toBe('api');
    expect(load({ ...shared, SIAMO_ROLE: 'worker' }).SIAMO_ROLE).toBe('worker');
  });

  it('reports an unknown LOG_LEVEL', () => {
    expect(problem({ LOG_LEVEL: 'verbose' })).toMatch(/^Configuration invalide :\n {2}- LOG_LEVEL: .*debug.*$/);
  });

  it('names every wrong value in one message', () => {
    const message = problem({
      DATABASE_URL: 'mysql://db/siamo',
      HTTP_PORT: 'abc',
      TEMPORAL_ADDRESS: 'temporal',
      SIAMO_DURATIONS: 'agrement.instruction=P0D',
      LOG_LEVEL: 'verbose',
      HTTP_HOST: 'localhost',
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe('Configuration invalide :');
    expect(lines.slice(1).map((line) => line.match(/^ {2}- (\w+): /)?.[1])).toEqual([
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'HTTP_PORT',
      'SIAMO_DURATIONS',
      'LOG_LEVEL',
    ]);
    expect(message).toContain(
      '  - SIAMO_DURATIONS: agrement.instruction : durée invalide « P0D » : elle doit être positive',
    );
  });

  it('reads the password policy, and checks the administrator’s password against it', () => {
    expect(load({ PASSWORD_MIN_LENGTH: '16', PASSWORD_MAX_AGE: 'P90D' })).toMatchObject({
      PASSWORD_MIN_LENGTH: 16,
      PASSWORD_MAX_AGE: 90 * 24 * 3600_000,
    });
    expect(load({}).PASSWORD_MAX_AGE).toBeUndefined();
    expect(problem({ PASSWORD_MIN_LENGTH: '6' })).toBe(
      'Configuration invalide :\n  - PASSWORD_MIN_LENGTH: doit être un nombre entier de 8 à 256',
    );
    expect(problem({ PASSWORD_MAX_AGE: '90 jours' })).toMatch(
      /^Configuration invalide :\n {2}- PASSWORD_MAX_AGE: durée invalide/,
    );
    expect(problem({ SIAMO_ADMIN_EMAIL: 'admin@siamo.sn', SIAMO_ADMIN_PASSWORD: 'Court-2026' })).toBe(
      'Configuration invalide :\n  - SIAMO_ADMIN_PASSWORD: Le mot de passe doit compter au moins 12 caractères.',
    );
  });

  it('asks national roles for a second factor outside the demo, as configured otherwise', () => {
    expect(load({ SIAMO_DEMO_DATA: 'false' }).TOTP_REQUIRED_ROLES).toEqual([
      'administrateur',
      'agent_ministere',
      'directeur_ministere',
      'analyste_icamo',
      'pilotage_icamo',
    ]);
    expect(load({ TOTP_REQUIRED_ROLES: 'administrateur, gerant_ipm' }).TOTP_REQUIRED_ROLES).toEqual([
      'administrateur',
      'gerant_ipm',
    ]);
    expect(load({ SIAMO_DEMO_DATA: 'false', TOTP_REQUIRED_ROLES: 'aucun' }).TOTP_REQUIRED_ROLES).toEqual([]);
    expect(problem({ TOTP_REQUIRED_ROLES: 'administrateur,chef' })).toBe(
      'Configuration invalide :\n  - TOTP_REQUIRED_ROLES: rôle inconnu : chef (des rôles séparés par des virgules, ou « aucun »)',
    );
    expect(problem({ TOTP_REQUIRED_ROLES: 'systeme' })).toContain('rôle inconnu : systeme');
  });

  it('needs a sign-in key with a server database, and checks its form', () => {
    expect(problem({ DATABASE_URL: 'postgresql://siamo@db:5432/siamo' })).toMatch(
      /^Configuration invalide :\n {2}- SIAMO_SIGNIN_KEY: requise avec DATABASE_URL/,
    );
    expect(load({ DATABASE_URL: 'postgresql://siamo@db:5432/siamo', SIAMO_SIGNIN_KEY: KEY }).SIAMO_SIGNIN_KEY).toEqual(
      Buffer.alloc(32, 7),
    );
    expect(problem({ SIAMO_SIGNIN_KEY: 'trop-courte' })).toBe(
      'Configuration invalide :\n  - SIAMO_SIGNIN_KEY: doit être une clé de 32 octets en base64 (openssl rand -base64 32)',
    );
    expect(load({}).SIAMO_SIGNIN_KEY).toBeUndefined();
  });
});
