import type { PrismaClient } from '../../prisma/client.ts';
import { referentialDefinition } from '../../processes/referentials/catalogue.ts';

// Reading a referential as of a day — the day of care, not the day of processing. One query for any
// number of codes, served by the exclusion constraint's GiST index (referential, code, dates). Every
// answer names the version it comes from, so that a computation can record which one it used. A
// referential each IPM or provider keeps for itself is read in one owner's series (`owner`).

export interface AsOfVersion {
  id: string;
  number: number;
  title: string;
  status: string;
}

export interface AsOfAnswer {
  code: string;
  /** The row in force that day, or null when the code is not in force then. */
  fields: Record<string, unknown> | null;
  version: AsOfVersion | null;
  validFrom: string | null;
  validTo: string | null;
}

export async function asOf(
  prisma: PrismaClient,
  referential: string,
  codes: readonly string[],
  day: string,
  owner?: string,
): Promise<AsOfAnswer[]> {
  expectSeriesNamed(referential, owner);
  const found = await prisma.$queryRawUnsafe<
    {
      code: string;
      fields: Record<string, unknown>;
      id: string;
      number: number;
      title: string;
      status: string;
      validFrom: string;
      validTo: string | null;
    }[]
  >(
    `SELECT r.code, r.fields, v.id, v.number, v.title, v.status,
            to_char(r."validFrom", 'YYYY-MM-DD') AS "validFrom", to_char(r."validTo", 'YYYY-MM-DD') AS "validTo"
     FROM "ReferentialRow" r JOIN "ReferentialVersion" v ON v.id = r."versionId"
     WHERE r."referentialCode" = $1 AND r.code = ANY($2::text[])
       AND r."validFrom" IS NOT NULL AND daterange(r."validFrom", r."validTo") @> $3::date
       ${owner === undefined ? '' : 'AND r."ownerOrganisationId" = $4'}`,
    referential,
    [...new Set(codes)],
    day,
    ...(owner === undefined ? [] : [owner]),
  );
  const byCode = new Map(found.map((f) => [f.code, f]));
  return codes.map((code) => {
    const row = byCode.get(code);
    return row
      ? {
          code,
          fields: row.fields,
          version: { id: row.id, number: row.number, title: row.title, status: row.status },
          validFrom: row.validFrom,
          validTo: row.validTo,
        }
      : { code, fields: null, version: null, validFrom: null, validTo: null };
  });
}

/** Reading a referential each IPM or provider keeps without naming whose would mix their series. */
export function expectSeriesNamed(referential: string, owner: string | undefined): void {
  if (owner === undefined && referentialDefinition(referential)?.ownedBy)
    throw new Error(
      `Le référentiel « ${referential} » est tenu par chaque organisation : nommez celle dont on lit la série.`,
    );
}
