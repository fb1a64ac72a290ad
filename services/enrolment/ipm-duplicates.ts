import type { PrismaClient } from '../../prisma/client.ts';
import { day } from './sql.ts';

// The duplicates an IPM is party to — as the first IPM (its participant's NIN enrolled elsewhere) or
// as the second (its enrolment waiting) — for its agents and gérant to follow until ICAMO decides.
// Both IPMs see the same conflict; each sees its own side: the second its enrolment's matricule and
// employer, the first its participant's card number. Never the NIN, never the other side's names.

export const DUPLICATE_STATUSES: Record<string, string> = {
  ouvert: 'En arbitrage par l’ICAMO',
  garde_premiere: 'Première affiliation gardée',
  transfere: 'Transféré à la seconde IPM',
  rejete: 'Inscription rejetée',
};

export interface IpmDuplicate {
  id: string;
  caseId: string | null;
  /** premiere: the viewer's IPM holds the first affiliation; seconde: its enrolment waits. */
  side: 'premiere' | 'seconde';
  otherIpmName: string;
  status: string;
  statusLabel: string;
  hireDate: string;
  openedOn: string;
  /** The viewer's own side: its participant's card number (first), its enrolment's matricule and employer (second). */
  cardNumber: string | null;
  matricule: string | null;
  employerName: string | null;
}

export async function ipmDuplicates(
  prisma: PrismaClient,
  ipmId: string,
  status?: string | null,
): Promise<IpmDuplicate[]> {
  const rows = await prisma.$queryRawUnsafe<Omit<IpmDuplicate, 'statusLabel'>[]>(
    `SELECT c."id", c."caseId",
            CASE WHEN c."firstIpmId" = $1 THEN 'premiere' ELSE 'seconde' END AS "side",
            COALESCE(o."name", CASE WHEN c."firstIpmId" = $1 THEN c."secondIpmId" ELSE c."firstIpmId" END) AS "otherIpmName",
            c."status", ${day('c."hireDate"')} AS "hireDate", to_char(c."createdAt" AT TIME ZONE 'Africa/Dakar', 'YYYY-MM-DD') AS "openedOn",
            CASE WHEN c."firstIpmId" = $1 THEN p."cardNumber" END AS "cardNumber",
            CASE WHEN c."secondIpmId" = $1 THEN c."matricule" END AS "matricule",
            CASE WHEN c."secondIpmId" = $1 THEN e."name" END AS "employerName"
       FROM "DuplicateConflict" c
       LEFT JOIN "Organisation" o ON o."id" = CASE WHEN c."firstIpmId" = $1 THEN c."secondIpmId" ELSE c."firstIpmId" END
       LEFT JOIN "Participant" p ON p."id" = c."firstParticipantId"
       LEFT JOIN "Employer" e ON e."id" = c."secondEmployerId"
      WHERE (c."firstIpmId" = $1 OR c."secondIpmId" = $1) AND ($2::text IS NULL OR c."status" = $2)
      ORDER BY c."createdAt" DESC
      LIMIT 200`,
    ipmId,
    status ?? null,
  );
  return rows.map((r) => ({ ...r, statusLabel: DUPLICATE_STATUSES[r.status] ?? r.status }));
}
