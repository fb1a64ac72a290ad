import type { PrismaClient } from '../../prisma/client.ts';
import { type NamedStatement, queryNamed, type SqlClient } from '../enrolment/sql.ts';

// The log of rights checks (table RightsCheck, append-only by trigger): one row per answer given. The
// check number is the row's id, so the number a provider quotes finds the row, and nothing else has to
// be kept unique. Read a page at a time, newest first (keyset on the id), by whoever may see it: the
// provider its own checks, the IPM those of its register's members.

export interface CheckRow {
  actorId: string;
  providerOrganisationId: string;
  providerCode?: string | null;
  /** The provider's région that day (SN-XX). */
  providerRegion?: string | null;
  channel: string;
  lookup: 'carte' | 'nin';
  subjectKey?: string | null;
  beneficiaryId?: string | null;
  ipmId?: string | null;
  careDate?: string | null;
  acts: readonly string[];
  outcome: string;
  covered: boolean;
  answer: string;
  rights?: unknown;
  /**
   * The first day (YYYY-MM-DD, Dakar) the distant-checks signal looks back to: with it, a check of a
   * member made in a région also returns the first earlier check of that member, since that day, in
   * another région. The same statement as the insert, so that the signal costs no round trip.
   */
  distantSince?: string | null;
}

export interface LoggedCheck {
  id: string;
  at: Date;
  /** An earlier check of the same member that day in another région, when `distantSince` asked for it. */
  distant: { id: string; region: string; providerOrganisationId: string } | null;
}

export const checkNumberOf = (id: string | bigint): string => `CD-${String(id).padStart(9, '0')}`;

/** The id a check number names, or null when it is not one. */
export function checkIdOf(number: string): bigint | null {
  const match = /^CD-?(\d{1,18})$/i.exec(number.trim());
  return match ? BigInt(match[1] as string) : null;
}

/** The log's insert, returning the member's earlier check that day in another région (see `distantSince`). */
const LOG_CHECK: NamedStatement = {
  name: 'siamo_log_check',
  text: `WITH logged AS (
       INSERT INTO "RightsCheck" ("actorId", "providerOrganisationId", "providerCode", "channel", "lookup", "subjectKey",
         "beneficiaryId", "ipmId", "careDate", "acts", "outcome", "covered", "answer", "rights", "providerRegion")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10::text[], $11, $12, $13, $14::jsonb, $15)
       RETURNING "id", "at")
     SELECT l."id", l."at" AT TIME ZONE 'UTC' AS "at", d."id" AS "distantId", d."providerRegion" AS "distantRegion",
            d."providerOrganisationId" AS "distantProvider"
       FROM logged l
       LEFT JOIN LATERAL (
         SELECT c."id", c."providerRegion", c."providerOrganisationId" FROM "RightsCheck" c
          WHERE $16::date IS NOT NULL AND c."beneficiaryId" = $7 AND c."at" >= $16::date
            AND c."providerRegion" IS NOT NULL AND c."providerRegion" <> $15
          ORDER BY c."at", c."id" LIMIT 1) d ON true`,
};

export async function logCheck(db: SqlClient, row: CheckRow): Promise<LoggedCheck> {
  const lookBack = row.distantSince && row.beneficiaryId && row.providerRegion ? row.distantSince : null;
  // The subquery reads the table as it was before this insert: only earlier checks are found. "at"
  // goes back as a timestamptz, so that a plain `pg` pool does not read it in the process's zone. Dakar
  // is on UTC all year: its day starts at midnight UTC, the clock "at" is kept in.
  const { rows } = await queryNamed<{
    id: bigint | string;
    at: Date;
    distantId: bigint | string | null;
    distantRegion: string | null;
    distantProvider: string | null;
  }>(db, LOG_CHECK, [
    row.actorId,
    row.providerOrganisationId,
    row.providerCode ?? null,
    row.channel,
    row.lookup,
    row.subjectKey ?? null,
    row.beneficiaryId ?? null,
    row.ipmId ?? null,
    row.careDate ?? null,
    [...row.acts],
    row.outcome,
    row.covered,
    row.answer,
    row.rights === undefined ? null : JSON.stringify(row.rights),
    row.providerRegion ?? null,
    lookBack,
  ]);
  const logged = rows[0] as (typeof rows)[number];
  return {
    id: String(logged.id),
    at: logged.at,
    distant:
      logged.distantId !== null
        ? {
            id: String(logged.distantId),
            region: logged.distantRegion as string,
            providerOrganisationId: logged.distantProvider as string,
          }
        : null,
  };
}

export interface CheckLogEntry {
  id: string;
  checkNumber: string;
  at: Date;
  actorId: string;
  providerOrganisationId: string;
  providerCode: string | null;
  channel: string;
  beneficiaryId: string | null;
  ipmId: string | null;
  careDate: string | null;
  acts: string[];
  outcome: string;
  covered: boolean;
  answer: string;
}

export const CHECKS_PAGE_MAX = 100;

/**
 * A page of the checks `scope` may see, newest first, after the check `after` (an id). A provider's
 * scope is its own checks; an IPM's, those of its register's members.
 */
export async function listChecks(
  prisma: PrismaClient,
  scope: { providerOrganisationId: string } | { ipmId: string },
  page: { first: number; after?: string | null },
): Promise<{ entries: CheckLogEntry[]; hasNextPage: boolean }> {
  const first = Math.min(Math.max(page.first, 1), CHECKS_PAGE_MAX);
  const after = page.after ? checkIdOf(page.after) : null;
  const rows = await prisma.rightsCheck.findMany({
    where: { ...scope, ...(after !== null ? { id: { lt: after } } : {}) },
    orderBy: { id: 'desc' },
    take: first + 1,
    select: {
      id: true,
      at: true,
      actorId: true,
      providerOrganisationId: true,
      providerCode: true,
      channel: true,
      beneficiaryId: true,
      ipmId: true,
      careDate: true,
      acts: true,
      outcome: true,
      covered: true,
      answer: true,
    },
  });
  return {
    hasNextPage: rows.length > first,
    entries: rows.slice(0, first).map((r) => ({
      ...r,
      id: String(r.id),
      checkNumber: checkNumberOf(r.id),
      careDate: r.careDate ? r.careDate.toISOString().slice(0, 10) : null,
    })),
  };
}
