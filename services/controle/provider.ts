import type { PrismaClient } from '../../prisma/client.ts';
import { asOf } from '../referentials/as-of.ts';
import { regionOf } from './regions.ts';

// Whether the asking provider is accredited on the day of care: its organisation's code
// (`ProviderCode`) in force in the national providers referential (`prestataires`) that day. Kept a
// minute per provider and day: a provider checks all day long, its accreditation changes at a version's
// first day, and a minute late there is far less than the two statements it saves on every check.

export interface ProviderStanding {
  code: string | null;
  name: string | null;
  accredited: boolean;
  /** The région (SN-XX) of its département, for the distant-checks signal; null when the row names none. */
  region: string | null;
  /** The referential version read, for the log. */
  versionId: string | null;
}

const KEEP_MS = 60_000;
const kept = new Map<string, { until: number; standing: Promise<ProviderStanding> }>();

export function providerStanding(
  prisma: PrismaClient,
  organisationId: string,
  day: string,
  now = Date.now(),
): Promise<ProviderStanding> {
  const key = `${organisationId}\u0000${day}`;
  const hit = kept.get(key);
  if (hit && hit.until > now) return hit.standing;
  if (kept.size > 10_000) kept.clear();
  const standing = readStanding(prisma, organisationId, day);
  kept.set(key, { until: now + KEEP_MS, standing });
  standing.catch(() => kept.delete(key));
  return standing;
}

async function readStanding(prisma: PrismaClient, organisationId: string, day: string): Promise<ProviderStanding> {
  const link = await prisma.providerCode.findUnique({ where: { organisationId }, select: { providerCode: true } });
  if (!link) return { code: null, name: null, accredited: false, region: null, versionId: null };
  const [row] = await asOf(prisma, 'prestataires', [link.providerCode], day);
  return {
    code: link.providerCode,
    name: typeof row?.fields?.nom === 'string' ? row.fields.nom : null,
    accredited: row?.fields != null,
    region: regionOf(row?.fields?.departement),
    versionId: row?.version?.id ?? null,
  };
}

const names = new Map<string, { until: number; name: Promise<{ id: string; name: string } | null> }>();

/** An IPM's name, kept a minute (it is on every answer). */
export function organisationName(prisma: PrismaClient, id: string, now = Date.now()) {
  const hit = names.get(id);
  if (hit && hit.until > now) return hit.name;
  if (names.size > 10_000) names.clear();
  const name = prisma.organisation.findUnique({ where: { id }, select: { id: true, name: true } });
  names.set(id, { until: now + KEEP_MS, name });
  name.catch(() => names.delete(id));
  return name;
}

/**
 * The provider's convention with the member's IPM on the day of care, from the IPM's own referential
 * (`ipm-prestataires-conventionnes`): `unknown` when the IPM keeps no list in force that day (nothing
 * can be said), else whether the provider is on it and with third-party payment (tiers payant). Kept a
 * minute per IPM, provider and day, as the accreditation is.
 */
export interface ConventionStanding {
  status: 'unknown' | 'absent' | 'sans_tiers_payant' | 'tiers_payant';
  /** The IPM's version read, for the log. */
  versionId: string | null;
}

const conventions = new Map<string, { until: number; standing: Promise<ConventionStanding> }>();

export function conventionStanding(
  prisma: PrismaClient,
  ipmId: string,
  providerCode: string,
  day: string,
  now = Date.now(),
): Promise<ConventionStanding> {
  const key = `${ipmId}\u0000${providerCode}\u0000${day}`;
  const hit = conventions.get(key);
  if (hit && hit.until > now) return hit.standing;
  if (conventions.size > 10_000) conventions.clear();
  const standing = readConvention(prisma, ipmId, providerCode, day);
  conventions.set(key, { until: now + KEEP_MS, standing });
  standing.catch(() => conventions.delete(key));
  return standing;
}

const CONVENTIONS = 'ipm-prestataires-conventionnes';

async function readConvention(
  prisma: PrismaClient,
  ipmId: string,
  providerCode: string,
  day: string,
): Promise<ConventionStanding> {
  const [row] = await asOf(prisma, CONVENTIONS, [providerCode], day, ipmId);
  if (row?.fields) {
    const status = row.fields.tiers_payant === false ? 'sans_tiers_payant' : 'tiers_payant';
    return { status, versionId: row.version?.id ?? null };
  }
  const [list] = await prisma.$queryRaw<{ versionId: string }[]>`
    SELECT r."versionId" FROM "ReferentialRow" r
     WHERE r."referentialCode" = ${CONVENTIONS} AND r."ownerOrganisationId" = ${ipmId}
       AND r."validFrom" IS NOT NULL AND daterange(r."validFrom", r."validTo") @> ${day}::date
     LIMIT 1`;
  return list ? { status: 'absent', versionId: list.versionId } : { status: 'unknown', versionId: null };
}
