import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createBackup } from '../runtime/backup/backup.ts';
import { restoreBackup } from '../runtime/backup/restore.ts';
import { freePort } from '../runtime/temporal-dev-server.ts';
import { newDataKeysText } from '../services/personal-data/data-keys.ts';
import { newKeyEntry } from '../services/personal-data/key-ring.ts';
import { startCase } from '../services/start-case.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';

// A deployment on a PostgreSQL server and a Temporal cluster: the archive holds a pg_dump of the
// database (a database of this suite's own on the server), and says that Temporal's state is not in it.

const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-sauvegarde-serveur-'));
let database: TestDatabase;
let harness: Harness | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.embedded && process.env.CI) throw new Error('CI : aucun serveur PostgreSQL ne répond.');
});
afterAll(async () => {
  await harness?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const gerant = { id: 'u-gerant', role: 'gerant_ipm' as const };

describe('npm run backup and npm run restore on a PostgreSQL server', () => {
  it('dumps the database with pg_dump and puts it back with pg_restore', async (context) => {
    if (database.embedded) context.skip();
    const config = loadConfig(
      {
        DATABASE_URL: database.url,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        SIAMO_DATA_DIR: path.join(dir, 'donnees'),
        SIAMO_BACKUP_DIR: path.join(dir, 'sauvegardes'),
        HTTP_PORT: String(await freePort()),
        // With a cluster, the keys come from the configuration, not from the data folder.
        SIAMO_PAYLOAD_KEYS: newKeyEntry('p1'),
        SIAMO_DATA_KEYS: newDataKeysText(),
        SIAMO_SIGNIN_KEY: randomBytes(32).toString('base64'),
      },
      dir,
    );
    const settings = loadTemporalSettings();
    const first = await createHarness({ databaseUrl: database.url });
    harness = first;
    const open = (businessKey: string) =>
      startCase(first.ctx, {
        processId: 'agrement',
        version: 2,
        businessKey,
        organisationId: 'ipm-demo',
        actor: gerant,
        input: { denomination: `IPM ${businessKey}`, typeIpm: 'interentreprises', effectif: 450 },
      }).then((r) => r.case.caseId);
    const kept = await open(uniqueKey('SRV'));

    const backup = await createBackup(config, settings);
    expect(backup.manifest).toMatchObject({
      database: { kind: 'pg_dump', file: 'siamo-sauvegarde/base.pgdump', cases: 1 },
      temporal: { kind: 'cluster', address: inject('temporalAddress') },
      keys: [],
    });
    const later = await open(uniqueKey('SRV'));
    await first.close();
    harness = undefined;

    const result = await restoreBackup(config, settings, { archive: backup.archive, confirm: async () => true });
    expect(result?.restored).toContain(
      `Temporal : non compris (cluster ${inject('temporalAddress')} : restaurez sa persistance au même moment)`,
    );
    harness = await createHarness({ databaseUrl: database.url });
    const ids = (await harness.prisma.case.findMany({ select: { id: true } })).map((c) => c.id);
    expect(ids).toEqual([kept]);
    expect(ids).not.toContain(later);
  }, 120_000);
});
