import type { PrismaClient } from '../../prisma/client.ts';
import { expectSeriesNamed } from './as-of.ts';

// As-of lookups for batch computations (claims by the thousand): the rows of a referential in force at
// some point of a range of days are loaded once per chunk, then each lookup is a map access and a
// binary search over that code's few periods — no query per line. Days are counted from 1970-01-01 so
// that comparing them is comparing integers.

export interface AsOfHit {
  fields: Record<string, unknown>;
  versionId: string;
  versionNumber: number;
}

interface Periods {
  /** Sorted starts; `ends[i]` exclusive, `Infinity` when open. */
  starts: number[];
  ends: number[];
  hits: AsOfHit[];
}

const MS_PER_DAY = 86_400_000;

/** AAAA-MM-JJ → days since 1970-01-01. */
export const dayNumber = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / MS_PER_DAY;

export class AsOfTable {
  private constructor(
    readonly referential: string,
    private readonly periods: Map<string, Periods>,
    readonly size: number,
  ) {}

  /**
   * Loads every row of `referential` in force on at least one day of [from, to] (both included); for a
   * referential each IPM or provider keeps for itself, of `owner`'s series.
   */
  static async load(
    prisma: PrismaClient,
    referential: string,
    from: string,
    to: string,
    owner?: string,
  ): Promise<AsOfTable> {
    expectSeriesNamed(referential, owner);
    const rows = await prisma.$queryRawUnsafe<
      {
        code: string;
        fields: Record<string, unknown>;
        versionId: string;
        number: number;
        start: number;
        end: number | null;
      }[]
    >(
      `SELECT r.code, r.fields, r."versionId", v.number,
              (r."validFrom" - DATE '1970-01-01') AS start, (r."validTo" - DATE '1970-01-01') AS "end"
       FROM "ReferentialRow" r JOIN "ReferentialVersion" v ON v.id = r."versionId"
       WHERE r."referentialCode" = $1 AND r."validFrom" IS NOT NULL
         AND daterange(r."validFrom", r."validTo") && daterange($2::date, $3::date, '[]')
         ${owner === undefined ? '' : 'AND r."ownerOrganisationId" = $4'}
       ORDER BY r.code, r."validFrom"`,
      referential,
      from,
      to,
      ...(owner === undefined ? [] : [owner]),
    );
    const periods = new Map<string, Periods>();
    for (const row of rows) {
      let p = periods.get(row.code);
      if (!p) {
        p = { starts: [], ends: [], hits: [] };
        periods.set(row.code, p);
      }
      p.starts.push(Number(row.start));
      p.ends.push(row.end === null ? Number.POSITIVE_INFINITY : Number(row.end));
      p.hits.push({ fields: row.fields, versionId: row.versionId, versionNumber: row.number });
    }
    return new AsOfTable(referential, periods, rows.length);
  }

  /** The row of `code` in force on `day` (a day number, see `dayNumber`), or undefined. */
  lookup(code: string, day: number): AsOfHit | undefined {
    const p = this.periods.get(code);
    if (!p) return undefined;
    const { starts } = p;
    // The last period starting on or before the day.
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= day) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || day >= (p.ends[found] as number)) return undefined;
    return p.hits[found];
  }
}
