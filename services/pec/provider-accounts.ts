import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay, readDay } from '../../processes/calendar.ts';
import { latestDefinition } from '../../processes/registry.ts';
import { SiamoError } from '../errors.ts';
import { PEC_PROCESS } from './request.ts';

// A provider's account with each IPM it is conventioned with on a day: the convention as that IPM's
// own referential gives it in force that day (the version read is named, as every computation names
// its sources), and what the provider did with that IPM's members — its rights checks, its PEC
// requests by state, and what the IPM has engaged itself to pay (PECs granted, still valid that day).
// Claims and payments are not there yet: they come with the invoices, and the account says so rather
// than showing figures nobody computed. An IPM the provider is not (or no longer) conventioned with
// that day has no line, even if the provider checked its members before.

export const CONVENTIONS = 'ipm-prestataires-conventionnes';

export const CLAIMS_NOTE =
  'Les factures, les sommes réclamées et les paiements de l’IPM viendront avec les factures : ' +
  'ils ne sont pas encore suivis ici, aucun montant n’est affiché pour eux.';

export interface PecStateCount {
  state: string;
  label: string;
  count: number;
}

export interface ProviderAccount {
  ipmId: string;
  ipmName: string;
  conventionNumber: string | null;
  conventionDate: string | null;
  thirdPartyPayment: boolean | null;
  /** The row's period in the IPM's referential: from (included) to (excluded), null when open. */
  conventionFrom: string;
  conventionTo: string | null;
  conventionVersion: { id: string; number: number; title: string };
  checks: number;
  checksCovered: number;
  pecTotal: number;
  pecByState: PecStateCount[];
  /** FCFA covered by the PECs granted and still valid on the day. */
  engagedAmount: number;
  engagedCount: number;
}

export interface ProviderAccounts {
  date: string;
  providerCode: string | null;
  accounts: ProviderAccount[];
  claimsNote: string;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

export async function providerAccounts(
  prisma: PrismaClient,
  providerOrganisationId: string,
  asked: { date?: string | null } = {},
  now = new Date(),
): Promise<ProviderAccounts> {
  const typed = asked.date?.trim();
  const date = typed || dakarDay(now);
  if (readDay(date) === null)
    throw new SiamoError(
      'saisie_invalide',
      'Date invalide : indiquez-la au format AAAA-MM-JJ (par exemple 2026-12-02), ou laissez-la vide pour aujourd’hui.',
      { date: 'Format AAAA-MM-JJ.' },
    );
  const link = await prisma.providerCode.findUnique({
    where: { organisationId: providerOrganisationId },
    select: { providerCode: true },
  });
  if (!link) return { date, providerCode: null, accounts: [], claimsNote: CLAIMS_NOTE };

  // Every IPM's series at once: the exclusion constraint leaves one row per owner and day.
  const conventions = await prisma.$queryRawUnsafe<
    {
      ipmId: string;
      ipmName: string;
      fields: Record<string, unknown>;
      versionId: string;
      versionNumber: number;
      versionTitle: string;
      validFrom: string;
      validTo: string | null;
    }[]
  >(
    `SELECT r."ownerOrganisationId" AS "ipmId", o."name" AS "ipmName", r."fields",
            v."id" AS "versionId", v."number" AS "versionNumber", v."title" AS "versionTitle",
            to_char(r."validFrom", 'YYYY-MM-DD') AS "validFrom", to_char(r."validTo", 'YYYY-MM-DD') AS "validTo"
       FROM "ReferentialRow" r
       JOIN "ReferentialVersion" v ON v."id" = r."versionId"
       JOIN "Organisation" o ON o."id" = r."ownerOrganisationId" AND o."kind" = 'IPM'
      WHERE r."referentialCode" = $1 AND r."code" = $2
        AND r."validFrom" IS NOT NULL AND daterange(r."validFrom", r."validTo") @> $3::date
      ORDER BY o."name", o."id"`,
    CONVENTIONS,
    link.providerCode,
    date,
  );
  if (conventions.length === 0) return { date, providerCode: link.providerCode, accounts: [], claimsNote: CLAIMS_NOTE };
  const ipmIds = conventions.map((c) => c.ipmId);

  // What happened up to the end of the day asked (Dakar is on UTC); a PEC's state is its state now.
  const [checks, requests] = await Promise.all([
    prisma.$queryRawUnsafe<{ ipmId: string; total: number; covered: number }[]>(
      `SELECT "ipmId", count(*)::int AS "total", count(*) FILTER (WHERE "covered")::int AS "covered"
         FROM "RightsCheck"
        WHERE "providerOrganisationId" = $1 AND "ipmId" = ANY($2::text[]) AND "at" < ($3::date + 1)
        GROUP BY "ipmId"`,
      providerOrganisationId,
      ipmIds,
      date,
    ),
    prisma.$queryRawUnsafe<{ ipmId: string; state: string; count: number; engaged: number; engagedCount: number }[]>(
      `SELECT r."ipmId", c."state", count(*)::int AS "count",
              COALESCE(sum(r."coveredAmount") FILTER (WHERE c."state" = 'accordee' AND r."validTo" >= $3::date), 0)::float8 AS "engaged",
              count(*) FILTER (WHERE c."state" = 'accordee' AND r."validTo" >= $3::date)::int AS "engagedCount"
         FROM "PecRequest" r JOIN "Case" c ON c."id" = r."caseId"
        WHERE r."providerOrganisationId" = $1 AND r."ipmId" = ANY($2::text[]) AND r."createdAt" < ($3::date + 1)
        GROUP BY r."ipmId", c."state"`,
      providerOrganisationId,
      ipmIds,
      date,
    ),
  ]);
  const states = Object.entries(latestDefinition(PEC_PROCESS)?.states ?? {});
  return {
    date,
    providerCode: link.providerCode,
    claimsNote: CLAIMS_NOTE,
    accounts: conventions.map((c) => {
      const checked = checks.find((k) => k.ipmId === c.ipmId);
      const asked = requests.filter((r) => r.ipmId === c.ipmId);
      const tiersPayant = c.fields.tiers_payant;
      return {
        ipmId: c.ipmId,
        ipmName: c.ipmName,
        conventionNumber: text(c.fields.numero_convention),
        conventionDate: text(c.fields.date_convention),
        thirdPartyPayment: typeof tiersPayant === 'boolean' ? tiersPayant : null,
        conventionFrom: c.validFrom,
        conventionTo: c.validTo,
        conventionVersion: { id: c.versionId, number: c.versionNumber, title: c.versionTitle },
        checks: checked?.total ?? 0,
        checksCovered: checked?.covered ?? 0,
        pecTotal: asked.reduce((sum, r) => sum + r.count, 0),
        pecByState: states.map(([state, s]) => ({
          state,
          label: s.label,
          count: asked.find((r) => r.state === state)?.count ?? 0,
        })),
        engagedAmount: asked.reduce((sum, r) => sum + r.engaged, 0),
        engagedCount: asked.reduce((sum, r) => sum + r.engagedCount, 0),
      };
    }),
  };
}
