import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { SiamoError } from '../errors.ts';
import { txSql } from './db.ts';

// The IPM's collection list: one line per employer (adhering, or with calls) with what it was called,
// paid and owes, its open ladder and whether its rights are suspended. One statement, so that the
// page of an IPM with hundreds of employers costs one round trip; the totals are the lines' sums.

export interface CollectionLine {
  employerId: string;
  name: string;
  cssIpres: string;
  status: string;
  headcount: number | null;
  latestPeriod: string | null;
  totalCalled: number;
  totalPaid: number;
  due: number;
  overdue: number;
  oldestUnpaidPeriod: string | null;
  credit: number;
  ladderCaseId: string | null;
  ladderState: string | null;
  ladderStateLabel: string | null;
  suspended: boolean;
}

export interface CollectionTotals {
  employers: number;
  inArrears: number;
  totalCalled: number;
  totalPaid: number;
  due: number;
  overdue: number;
  credit: number;
}

export interface CollectionFilter {
  overdueOnly?: boolean | null;
  search?: string | null;
}

export const SEARCH_MAX = 100;

/** The search as typed, checked: null when empty. */
export function collectionSearch(search: string | null | undefined): string | null {
  const text = (search ?? '').trim();
  if (text.length > SEARCH_MAX)
    throw new SiamoError(
      'saisie_invalide',
      `Recherche trop longue (${text.length} caractères) : saisissez au plus ${SEARCH_MAX} caractères du nom ou du numéro CSS/IPRES de l’employeur.`,
      { search: `au plus ${SEARCH_MAX} caractères` },
    );
  return text === '' ? null : text;
}

// LIKE's own characters in a search are literal: « 100% » finds « 100% », not everything.
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function ipmCollection(
  prisma: PrismaClient,
  ipmId: string,
  filter: CollectionFilter = {},
  today = dakarDay(new Date()),
): Promise<{ lines: CollectionLine[]; totals: CollectionTotals }> {
  const search = collectionSearch(filter.search);
  const { rows: lines } = await txSql(prisma).query<CollectionLine>(
    `WITH calls AS (
       SELECT c."employerId",
              sum(c."amount") AS called, sum(c."paid") AS paid, sum(c."amount" - c."paid") AS due,
              COALESCE(sum(c."amount" - c."paid") FILTER (WHERE c."dueDate" < $2::date), 0) AS overdue,
              min(c."period") FILTER (WHERE c."amount" > c."paid") AS oldest,
              max(c."period") AS latest,
              (array_agg(c."headcount" ORDER BY c."period" DESC))[1] AS headcount
         FROM "ContributionCall" c WHERE c."ipmId" = $1 GROUP BY c."employerId")
     SELECT e."id" AS "employerId", e."name", e."cssIpres", e."status",
            k.headcount AS "headcount", k.latest AS "latestPeriod",
            COALESCE(k.called, 0)::float8 AS "totalCalled", COALESCE(k.paid, 0)::float8 AS "totalPaid",
            COALESCE(k.due, 0)::float8 AS "due", COALESCE(k.overdue, 0)::float8 AS "overdue",
            k.oldest AS "oldestUnpaidPeriod", COALESCE(cr."amount", 0)::float8 AS "credit",
            l."id" AS "ladderCaseId", l."state" AS "ladderState", l.label AS "ladderStateLabel",
            EXISTS (SELECT 1 FROM "RightsSuspension" s
                     WHERE s."employerId" = e."id" AND s."reason" = 'cotisations_impayees'
                       AND s."validFrom" <= $2::date AND (s."validTo" IS NULL OR s."validTo" > $2::date)) AS "suspended"
       FROM "Employer" e
       LEFT JOIN calls k ON k."employerId" = e."id"
       LEFT JOIN "Credit" cr ON cr."employerId" = e."id"
       LEFT JOIN LATERAL (
         SELECT c."id", c."state", COALESCE(d."definition"->'states'->c."state"->>'label', c."state") AS label
           FROM "Case" c JOIN "ProcessDefinition" d ON d."processId" = c."processId" AND d."version" = c."processVersion"
          WHERE c."processId" = 'recouvrement' AND NOT c."terminal" AND c."context"->>'employeurId' = e."id"
          ORDER BY c."createdAt" LIMIT 1) l ON true
      WHERE e."ipmId" = $1
        AND (e."status" IN ('active', 'preavis') OR k."employerId" IS NOT NULL)
        AND (NOT $3::boolean OR COALESCE(k.overdue, 0) > 0)
        AND ($4::text IS NULL OR e."name" ILIKE $4 OR e."cssIpres" ILIKE $4)
      ORDER BY COALESCE(k.overdue, 0) > 0 DESC, k.oldest NULLS LAST, COALESCE(k.overdue, 0) DESC,
               COALESCE(k.due, 0) DESC, e."name", e."id"`,
    [ipmId, today, filter.overdueOnly === true, search === null ? null : likePattern(search)],
  );
  const sum = (pick: (l: CollectionLine) => number) => lines.reduce((a, l) => a + pick(l), 0);
  return {
    lines,
    totals: {
      employers: lines.length,
      inArrears: lines.filter((l) => l.overdue > 0).length,
      totalCalled: sum((l) => l.totalCalled),
      totalPaid: sum((l) => l.totalPaid),
      due: sum((l) => l.due),
      overdue: sum((l) => l.overdue),
      credit: sum((l) => l.credit),
    },
  };
}
