import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres.ts';
import { migrate } from '../runtime/migrate.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';

// `npm start` without a PostgreSQL server runs on the embedded PGlite: the enrolment's migration needs
// btree_gist there too, and the « one NIN, one active affiliation » constraint must hold as on a server.

describe('the enrolment on the embedded database', () => {
  it('migrates, and refuses a second active affiliation of one NIN', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-enrolment-pglite-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    const client = new pg.Client({ connectionString: embedded.url });
    try {
      await migrate(embedded.url);
      await client.connect();
      const keys = testDataKeys();
      const e1 = await insertEmployer(client, 'IPM-A');
      const e2 = await insertEmployer(client, 'IPM-B');
      const a = await insertParticipant(client, keys, { ipmId: 'IPM-A', employerId: e1, nin: '1660606006666' });
      const b = await insertParticipant(client, keys, { ipmId: 'IPM-B', employerId: e2, nin: '1660606006666' });
      await insertAffiliation(client, {
        participantId: a.id,
        ninIndex: a.ninIndex,
        ipmId: 'IPM-A',
        employerId: e1,
        from: '2026-01-01',
      });
      await expect(
        insertAffiliation(client, {
          participantId: b.id,
          ninIndex: b.ninIndex,
          ipmId: 'IPM-B',
          employerId: e2,
          from: '2026-06-01',
        }),
      ).rejects.toMatchObject({ code: '23P01' });
    } finally {
      await client.end().catch(() => undefined);
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
