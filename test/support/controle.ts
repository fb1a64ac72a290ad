import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { luhnDigit } from '../../processes/enrolment/card-number.ts';
import { createApiToken } from '../../services/auth/resolve-viewer.ts';
import { ensureReferentials } from '../../services/referentials/owners.ts';
import type { Person } from './people.ts';

// What the rights check's tests need around it: a provider organisation accredited in the national
// providers referential (a version in force written straight into its tables), and card numbers that
// pass the check digit but belong to nobody (the database's series starts at 10000000001).

export async function accreditProvider(
  prisma: PrismaClient,
  organisationId: string,
  code: string,
  period: { from?: string; to?: string | null } = {},
  /** Its département in the decoupage referential: the région the distant-checks signal compares. */
  departement = 'SN-DK-DAKAR',
): Promise<void> {
  await ensureReferentials(prisma);
  const versionId = randomUUID();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ReferentialVersion" ("id", "referentialCode", "ownerOrganisationId", "number", "title", "status", "validFrom", "importedBy", "rowCount")
     SELECT $1, 'prestataires', r."ownerOrganisationId",
            (SELECT COALESCE(MAX("number"), 0) + 1 FROM "ReferentialVersion" WHERE "referentialCode" = 'prestataires'),
            'Prestataires (test)', 'en_vigueur', $2::date, 'test', 1
       FROM "Referential" r WHERE r."code" = 'prestataires'`,
    versionId,
    period.from ?? '2020-01-01',
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", "code", "fields", "validFrom", "validTo")
     SELECT $1, 'prestataires', v."ownerOrganisationId", $2, $3::jsonb, $4::date, $5::date
       FROM "ReferentialVersion" v WHERE v."id" = $1`,
    versionId,
    code,
    JSON.stringify({ nom: `Clinique ${code} (test)`, categorie: 'clinique', departement }),
    period.from ?? '2020-01-01',
    period.to ?? null,
  );
  await prisma.providerCode.create({ data: { organisationId, providerCode: code } });
}

/** A well-formed card number nobody holds: eleven digits from 9…, and its check digit. */
export const unusedCardNumber = (n: number): string => {
  const digits = `9${String(n).padStart(10, '0')}`;
  return `${digits}${luhnDigit(digits)}`;
};

/** A provider code of the referential's format, unique enough for a test file. */
export const providerCodeFor = () => `PS-${String(Math.floor(Math.random() * 90_000) + 10_000)}`;

/** A version of an IPM's care package in force from `from` (to `to`, excluded), written straight into its tables. */
export async function carePackageVersion(
  prisma: PrismaClient,
  ipmId: string,
  period: { from: string; to?: string },
  acts: Record<string, { taux: number; plafond_annuel?: number; entente_prealable: boolean }>,
): Promise<string> {
  await ensureReferentials(prisma);
  const versionId = randomUUID();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ReferentialVersion" ("id", "referentialCode", "ownerOrganisationId", "number", "title", "status", "validFrom", "validTo", "importedBy", "rowCount")
     SELECT $1, 'ipm-panier-de-soins', $2,
            (SELECT COALESCE(MAX("number"), 0) + 1 FROM "ReferentialVersion"
              WHERE "referentialCode" = 'ipm-panier-de-soins' AND "ownerOrganisationId" = $2),
            'Panier de soins (test)', 'en_vigueur', $3::date, $4::date, 'test', $5`,
    versionId,
    ipmId,
    period.from,
    period.to ?? null,
    Object.keys(acts).length,
  );
  for (const [code, fields] of Object.entries(acts)) {
    await prisma.$executeRawUnsafe(
      `INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", "code", "fields", "validFrom", "validTo")
       VALUES ($1, 'ipm-panier-de-soins', $2, $3, $4::jsonb, $5::date, $6::date)`,
      versionId,
      ipmId,
      code,
      JSON.stringify({ avis_medecin_conseil: false, ...fields }),
      period.from,
      period.to ?? null,
    );
  }
  return versionId;
}

/** A provider organisation of its own, with one agent_ps and their token (not yet in the referential). */
export async function providerAgent(prisma: PrismaClient, name: string): Promise<Person> {
  const id = `ps-${name}-${randomUUID().slice(0, 8)}`;
  await prisma.organisation.create({ data: { id, kind: 'PRESTATAIRE', name } });
  const user = await prisma.user.create({
    data: {
      email: `${id}@test.siamo.sn`,
      displayName: name,
      passwordHash: 'x',
      organisationId: id,
      roles: ['agent_ps'],
    },
  });
  const token = await createApiToken(prisma, { userId: user.id, label: 'logiciel' });
  return { key: 'agentPs', id: user.id, email: user.email, role: 'agent_ps', organisationId: id, token };
}
