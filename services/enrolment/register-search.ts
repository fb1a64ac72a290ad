import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { cardNumberProblem, compactCardNumber } from '../../processes/enrolment/card-number.ts';
import { compactIdentifier } from '../../processes/enrolment/identifiers.ts';
import { SiamoError } from '../errors.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import { byNin } from '../personal-data/nin.ts';

// The register of an IPM's participants, searched by its agents and gérant: by name (each word found
// in the name or first names, ignoring case and accents — names are stored as typed, not encrypted),
// by card number (a participant's, or a dependant's, which finds its participant), by matricule
// (exact, ignoring case), and by NIN only as an exact match: the NIN typed is turned into its blind
// index and compared with the stored one, never decrypted nor matched in part. Only the viewer's IPM
// is searched.

export const REGISTER_SEARCH_KINDS = ['nom', 'carte', 'matricule', 'nin'] as const;
export type RegisterSearchKind = (typeof REGISTER_SEARCH_KINDS)[number];

export interface RegisterEntry {
  id: string;
  cardNumber: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  employerId: string;
  employerName: string;
  /** Whether an affiliation to this IPM covers today. */
  activeToday: boolean;
}

const LIMIT = 50;

/** Lower case, accents removed: the same folding in JavaScript and in SQL (FOLD below). */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const ACCENTED = 'àâäáãéèêëíìîïóòôöõúùûüçñÿ';
const PLAIN = 'aaaaaeeeeiiiiooooouuuucny';
const FOLD = (column: string) => `translate(lower(${column}), '${ACCENTED}', '${PLAIN}')`;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const invalid = (message: string): never => {
  throw new SiamoError('saisie_invalide', message, { query: message });
};

export async function searchRegister(
  prisma: PrismaClient,
  keys: DataKeys | undefined,
  ipmId: string,
  search: { by: RegisterSearchKind; query: string },
): Promise<RegisterEntry[]> {
  const text = search.query.trim();
  if (text === '') invalid('Indiquez ce que vous cherchez : un nom, un numéro de carte, un matricule ou un NIN.');
  if (text.length > 100) invalid('La recherche ne doit pas dépasser 100 caractères.');
  const today = dakarDay(new Date());
  let where: string;
  let values: unknown[];
  switch (search.by) {
    case 'nom': {
      const words = fold(text).split(/\s+/).filter(Boolean);
      if (words.some((w) => w.length < 2)) invalid('Chaque mot du nom cherché compte au moins 2 lettres.');
      where = words
        .map((_, i) => `${FOLD(`p."lastName" || ' ' || p."firstNames"`)} LIKE '%' || $${i + 3} || '%'`)
        .join(' AND ');
      values = words.map(escapeLike);
      break;
    }
    case 'carte': {
      const problem = cardNumberProblem(text);
      if (problem) invalid(problem);
      where = `(p."cardNumber" = $3 OR p."id" IN (SELECT "participantId" FROM "Dependant" WHERE "cardNumber" = $3))`;
      values = [compactCardNumber(text)];
      break;
    }
    case 'matricule':
      where = `lower(p."matricule") = lower($3)`;
      values = [text];
      break;
    case 'nin': {
      if (!keys)
        throw new SiamoError(
          'enregistrement_impossible',
          'Les clés de protection des NIN ne sont pas configurées : la recherche par NIN est impossible ; contactez l’administrateur.',
        );
      const compact = compactIdentifier(text);
      if (!/^[0-9]{13,17}$/.test(compact))
        invalid(
          'Le NIN ou le numéro CMU compte 13 à 17 chiffres (espaces, points et tirets permis) : recopiez-le en entier, la recherche par NIN est exacte.',
        );
      where = `p."ninIndex" = $3`;
      values = [byNin(keys, compact).ninIndex];
      break;
    }
    default:
      return invalid('Choisissez comment chercher : nom, carte, matricule ou nin.');
  }
  return prisma.$queryRawUnsafe<RegisterEntry[]>(
    `SELECT p."id", p."cardNumber", p."matricule", p."lastName", p."firstNames", to_char(p."birthDate", 'YYYY-MM-DD') AS "birthDate",
            p."employerId", e."name" AS "employerName",
            EXISTS (SELECT 1 FROM "Affiliation" a WHERE a."participantId" = p."id" AND a."ipmId" = $1
                      AND daterange(a."validFrom", a."validTo", '[)') @> $2::date) AS "activeToday"
       FROM "Participant" p JOIN "Employer" e ON e."id" = p."employerId"
      WHERE p."ipmId" = $1 AND ${where}
      ORDER BY p."lastName", p."firstNames", p."id"
      LIMIT ${LIMIT}`,
    ipmId,
    today,
    ...values,
  );
}
