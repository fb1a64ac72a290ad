import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../services/enrolment/sql.ts';

// What the PEC's tests need around it: versions of referentials in force, written straight into their
// tables — the national acts and tariffs (their owner's series), an IPM's care package, conventions
// and agreed tariffs (its own series). The referentials themselves must exist (ensureReferentials).

export async function referentialVersion(
  db: SqlClient,
  referential: string,
  period: { from: string; to?: string | null },
  rows: Record<string, Record<string, unknown>>,
  owner?: string,
): Promise<string> {
  const versionId = randomUUID();
  await db.query(
    `INSERT INTO "ReferentialVersion" ("id", "referentialCode", "ownerOrganisationId", "number", "title", "status", "validFrom", "validTo", "importedBy", "rowCount")
     SELECT $1, r."code", COALESCE($2, r."ownerOrganisationId"),
            (SELECT COALESCE(MAX("number"), 0) + 1 FROM "ReferentialVersion" v
              WHERE v."referentialCode" = r."code" AND v."ownerOrganisationId" = COALESCE($2, r."ownerOrganisationId")),
            'Version de test', 'en_vigueur', $3::date, $4::date, 'test', $5
       FROM "Referential" r WHERE r."code" = $6`,
    [versionId, owner ?? null, period.from, period.to ?? null, Object.keys(rows).length, referential],
  );
  for (const [code, fields] of Object.entries(rows))
    await db.query(
      `INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", "code", "fields", "validFrom", "validTo")
       SELECT $1, v."referentialCode", v."ownerOrganisationId", $2, $3::jsonb, $4::date, $5::date
         FROM "ReferentialVersion" v WHERE v."id" = $1`,
      [versionId, code, JSON.stringify(fields), period.from, period.to ?? null],
    );
  return versionId;
}
