import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../runtime/embedded-postgres.ts';
import { migrate } from '../runtime/migrate.ts';

// `npm start` runs on the embedded PGlite by default: the referentials' migration needs btree_gist
// there too, and its exclusion constraint must refuse two versions of a code overlapping in time
// within one owner's series.

let dataDir: string;
let embedded: EmbeddedPostgres;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-referentials-pglite-'));
  embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
  await migrate(embedded.url);
}, 120_000);
afterAll(async () => {
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('loads btree_gist and keeps two rows of a code from overlapping in time', async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO "Referential" (code, title, "ownerOrganisationId", "ownerLabel", "codeFormat", fields)
        VALUES ('actes', 'Actes', 'msas', 'MSAS', '.*', '[]')`);
      for (const [id, number] of [
        ['v1', 1],
        ['v2', 2],
      ] as const) {
        await client.query(
          `INSERT INTO "ReferentialVersion" (id, "referentialCode", "ownerOrganisationId", number, title, status, "importedBy")
           VALUES ($1, 'actes', 'msas', $2, 't', 'programmee', 'x')`,
          [id, number],
        );
      }
      await client.query(`INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", code, fields, "validFrom", "validTo")
        VALUES ('v1', 'actes', 'msas', 'CON001', '{}', '2026-01-01', '2027-01-01')`);
      // The day the first ends is free: ranges are [from, to).
      await client.query(`INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", code, fields, "validFrom")
        VALUES ('v2', 'actes', 'msas', 'CON001', '{}', '2027-01-01')`);
      await expect(
        client.query(`UPDATE "ReferentialRow" SET "validFrom" = '2026-12-31' WHERE "versionId" = 'v2'`),
      ).rejects.toMatchObject({ code: '23P01', constraint: 'ReferentialRow_no_overlap' });
      // Another owner's series (an IPM's own referential) is its own: the same code on the same days is allowed.
      await client.query(
        `INSERT INTO "ReferentialVersion" (id, "referentialCode", "ownerOrganisationId", number, title, status, "importedBy")
         VALUES ('v3', 'actes', 'ipm-autre', 1, 't', 'programmee', 'x')`,
      );
      await client.query(`INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", code, fields, "validFrom")
        VALUES ('v3', 'actes', 'ipm-autre', 'CON001', '{}', '2026-06-01')`);
    } finally {
      await client.end();
    }
  });
});
