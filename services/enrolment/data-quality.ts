import { formatCardNumber } from '../../processes/enrolment/card-number.ts';
import type { SqlClient } from './sql.ts';

// The data-quality report of an IPM's register: what an agent should look at — duplicates across
// IPMs still waiting, missing mandatory data, incoherent dates. Each check is one statement over the
// whole register; the report gives every count and the first examples of each, by card number (never
// a NIN or a name).

export type QualityCheck =
  | 'doublon_en_attente'
  | 'participant_sans_affiliation'
  | 'donnee_obligatoire_manquante'
  | 'embauche_avant_15_ans'
  | 'enfant_ne_avant_parent'
  | 'naissance_future'
  | 'certificat_avant_naissance';

export interface QualityFinding {
  check: QualityCheck;
  /** French: what is wrong and what to do. */
  label: string;
  count: number;
  /** Up to EXAMPLES member card numbers (or conflict ids for duplicates), formatted. */
  examples: string[];
}

export const EXAMPLES = 20;

const CHECKS: { check: QualityCheck; label: string; sql: string }[] = [
  {
    check: 'doublon_en_attente',
    label: 'Doublons avec une autre IPM en attente de l’arbitrage de l’ICAMO : suivez les dossiers « doublon ».',
    sql: `SELECT c."id" AS "ref" FROM "DuplicateConflict" c
           WHERE c."status" = 'ouvert' AND (c."firstIpmId" = $1 OR c."secondIpmId" = $1)`,
  },
  {
    check: 'participant_sans_affiliation',
    label: 'Participants sans aucune période d’affiliation : déclarez leur embauche ou retirez-les.',
    sql: `SELECT p."cardNumber" AS "ref" FROM "Participant" p
           WHERE p."ipmId" = $1 AND NOT EXISTS (SELECT 1 FROM "Affiliation" a WHERE a."participantId" = p."id")`,
  },
  {
    check: 'donnee_obligatoire_manquante',
    label: 'Nom, prénoms ou matricule de solde vides : complétez la fiche.',
    sql: `SELECT p."cardNumber" AS "ref" FROM "Participant" p
           WHERE p."ipmId" = $1 AND (btrim(p."lastName") = '' OR btrim(p."firstNames") = '' OR btrim(p."matricule") = '')
          UNION ALL
          SELECT d."cardNumber" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId"
           WHERE p."ipmId" = $1 AND (btrim(d."lastName") = '' OR btrim(d."firstNames") = '')`,
  },
  {
    check: 'embauche_avant_15_ans',
    label: 'Affiliations commençant avant les 15 ans du participant : vérifiez la date de naissance ou d’embauche.',
    sql: `SELECT DISTINCT p."cardNumber" AS "ref" FROM "Participant" p JOIN "Affiliation" a ON a."participantId" = p."id"
           WHERE p."ipmId" = $1 AND a."ipmId" = $1 AND a."validFrom" < (p."birthDate" + interval '15 years')::date`,
  },
  {
    check: 'enfant_ne_avant_parent',
    label: 'Enfants nés moins de 12 ans après leur parent participant : vérifiez les dates de naissance.',
    sql: `SELECT d."cardNumber" AS "ref" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId"
           WHERE p."ipmId" = $1 AND d."kind" = 'enfant' AND d."birthDate" < (p."birthDate" + interval '12 years')::date`,
  },
  {
    check: 'naissance_future',
    label: 'Dates de naissance dans le futur : corrigez-les.',
    sql: `SELECT p."cardNumber" AS "ref" FROM "Participant" p WHERE p."ipmId" = $1 AND p."birthDate" > $2::date
          UNION ALL
          SELECT d."cardNumber" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId"
           WHERE p."ipmId" = $1 AND d."birthDate" > $2::date`,
  },
  {
    check: 'certificat_avant_naissance',
    label: 'Certificats de scolarité finissant avant la naissance de l’enfant : corrigez la date du certificat.',
    sql: `SELECT d."cardNumber" AS "ref" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId"
           WHERE p."ipmId" = $1 AND d."studentCertificateUntil" < d."birthDate"`,
  },
];

export async function dataQualityReport(db: SqlClient, ipmId: string, asOf: string): Promise<QualityFinding[]> {
  return Promise.all(
    CHECKS.map(async ({ check, label, sql }) => {
      const { rows } = await db.query<{ count: number; examples: string[] | null }>(
        `SELECT count(*)::int AS "count", (array_agg(x."ref" ORDER BY x."ref"))[1:${EXAMPLES}] AS "examples"
           FROM (${sql}) AS x WHERE $2::date IS NOT NULL`,
        [ipmId, asOf],
      );
      const examples = rows[0]?.examples ?? [];
      return {
        check,
        label,
        count: rows[0]?.count ?? 0,
        examples: check === 'doublon_en_attente' ? examples : examples.map(formatCardNumber),
      };
    }),
  );
}
