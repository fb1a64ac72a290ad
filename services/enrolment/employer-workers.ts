import type { PrismaClient } from '../../prisma/client.ts';
import { SiamoError } from '../errors.ts';
import type { Viewer } from '../viewer.ts';
import { employerFor } from './employer-access.ts';

// An employer's workers (its participants, whatever their affiliation now) with their dependants and
// card numbers, a page at a time in name order (keyset: name, first names, id). Never the NIN.

export interface WorkerView {
  id: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  sex: string;
  salary: number;
  cardNumber: string;
  /** The latest affiliation through this employer. */
  affiliatedFrom: string | null;
  affiliatedUntil: string | null;
  endReason: string | null;
  dependants: {
    id: string;
    kind: string;
    rank: number;
    lastName: string;
    firstNames: string;
    birthDate: string;
    cardNumber: string;
  }[];
}

export interface WorkersPage {
  employerId: string;
  employerName: string;
  total: number;
  workers: WorkerView[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
}

const cursorOf = (w: { lastName: string; firstNames: string; id: string }) =>
  Buffer.from(JSON.stringify([w.lastName, w.firstNames, w.id])).toString('base64url');

function readCursor(after: string): [string, string, string] {
  try {
    const value = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string'))
      return value as [string, string, string];
  } catch {
    // answered below
  }
  throw new SiamoError('saisie_invalide', 'Curseur de page invalide : repartez de la première page.', {
    after: 'Curseur inconnu.',
  });
}

export async function employerWorkers(
  prisma: PrismaClient,
  viewer: Viewer,
  args: { employerId: string; first?: number | null; after?: string | null },
): Promise<WorkersPage> {
  const access = await employerFor(prisma, viewer, args.employerId, ['employeur', 'agent_ipm', 'gerant_ipm']);
  if (!access)
    throw new SiamoError('introuvable', 'Employeur introuvable : il n’est pas le vôtre ni adhérent à votre IPM.');
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > 200)
    throw new SiamoError('saisie_invalide', 'Taille de page invalide : de 1 à 200 salariés.', { first: 'De 1 à 200.' });
  const after = args.after ? readCursor(args.after) : null;
  const rows = await prisma.$queryRawUnsafe<(Omit<WorkerView, 'dependants'> & { total: number })[]>(
    `SELECT p."id", p."matricule", p."lastName", p."firstNames", to_char(p."birthDate", 'YYYY-MM-DD') AS "birthDate",
            p."sex", p."salary", p."cardNumber",
            to_char(a."validFrom", 'YYYY-MM-DD') AS "affiliatedFrom", to_char(a."validTo", 'YYYY-MM-DD') AS "affiliatedUntil",
            a."endReason", (SELECT count(*)::int FROM "Participant" WHERE "employerId" = $1) AS "total"
       FROM "Participant" p
       LEFT JOIN LATERAL (
         SELECT "validFrom", "validTo", "endReason" FROM "Affiliation"
          WHERE "participantId" = p."id" AND "employerId" = $1 ORDER BY "validFrom" DESC LIMIT 1
       ) a ON true
      WHERE p."employerId" = $1
        AND ($2::text IS NULL OR (p."lastName", p."firstNames", p."id") > ($2, $3, $4))
      ORDER BY p."lastName", p."firstNames", p."id"
      LIMIT $5`,
    args.employerId,
    after?.[0] ?? null,
    after?.[1] ?? null,
    after?.[2] ?? null,
    first + 1,
  );
  const page = rows.slice(0, first);
  const dependants = await prisma.dependant.findMany({
    where: { participantId: { in: page.map((w) => w.id) } },
    orderBy: [{ participantId: 'asc' }, { rank: 'asc' }],
  });
  const last = page.at(-1);
  return {
    employerId: access.employer.id,
    employerName: access.employer.name,
    total: rows[0]?.total ?? (await prisma.participant.count({ where: { employerId: args.employerId } })),
    workers: page.map(({ total: _total, ...w }) => ({
      ...w,
      dependants: dependants
        .filter((d) => d.participantId === w.id)
        .map((d) => ({
          id: d.id,
          kind: d.kind,
          rank: d.rank,
          lastName: d.lastName,
          firstNames: d.firstNames,
          birthDate: d.birthDate.toISOString().slice(0, 10),
          cardNumber: d.cardNumber,
        })),
    })),
    next: rows.length > first && last ? cursorOf(last) : null,
  };
}
