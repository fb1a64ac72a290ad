import type { DayKey } from '../../processes/calendar.ts';
import type { EligibilitySettings } from '../../processes/enrolment/eligibility.ts';
import {
  type AffiliationFact,
  type BeneficiaryFacts,
  type DependantFact,
  type RightsAnswer,
  type RightsSettings,
  rightsOn,
  type SuspensionFact,
} from '../../processes/enrolment/rights.ts';
import { listSetting, resolveSettings, type SettingValues } from '../../processes/settings.ts';
import { SiamoError } from '../errors.ts';
import { day, type NamedStatement, queryNamed, type SqlClient } from './sql.ts';

// `rightsAt(beneficiary, date)`: the facts of a beneficiary (a participant's or a dependant's id)
// loaded from PostgreSQL, then the one rule (`rightsOn`, processes/enrolment/rights.ts). The batch
// form loads the facts of many beneficiaries in a few statements and answers each in memory.

const LOAD_CHUNK = 20_000;

/** The settings the rule reads: the configured values (`SIAMO_SETTINGS`), else the catalogue's defaults. */
export const rightsSettingsOf = (overrides: SettingValues = {}): RightsSettings =>
  resolveSettings(['ageLimiteEnfant', 'ageLimiteEnfantEtudiant'], overrides) as unknown as RightsSettings;

/** The dependants' eligibility rules as configured (processes/enrolment/eligibility.ts). */
export function eligibilitySettingsOf(overrides: SettingValues = {}): EligibilitySettings {
  const v = resolveSettings(
    [
      'ageLimiteEnfant',
      'ageLimiteEnfantEtudiant',
      'piecesConjoint',
      'piecesEnfant',
      'piecesEnfantEtudiant',
      'nombreMaximumConjoints',
    ],
    overrides,
  );
  return {
    ageLimiteEnfant: Number(v.ageLimiteEnfant),
    ageLimiteEnfantEtudiant: Number(v.ageLimiteEnfantEtudiant),
    piecesConjoint: listSetting(v.piecesConjoint),
    piecesEnfant: listSetting(v.piecesEnfant),
    piecesEnfantEtudiant: listSetting(v.piecesEnfantEtudiant),
    nombreMaximumConjoints: Number(v.nombreMaximumConjoints),
  };
}

/** The facts of each beneficiary found, by the id asked; ids of nobody are absent from the map. */
export async function loadBeneficiaryFacts(
  db: SqlClient,
  beneficiaryIds: readonly string[],
): Promise<Map<string, BeneficiaryFacts>> {
  const facts = new Map<string, BeneficiaryFacts>();
  const unique = [...new Set(beneficiaryIds)];
  for (let i = 0; i < unique.length; i += LOAD_CHUNK) {
    const chunk = unique.slice(i, i + LOAD_CHUNK);
    for (const [id, f] of await loadChunk(db, chunk)) facts.set(id, f);
  }
  return facts;
}

async function loadChunk(db: SqlClient, ids: string[]): Promise<Map<string, BeneficiaryFacts>> {
  const { rows: beneficiaries } = await db.query<{
    id: string;
    participantId: string;
    dependantKind: 'conjoint' | 'enfant' | null;
    birthDate: string | null;
    studentCertificateUntil: string | null;
    rightsEndedOn: string | null;
    rightsEndSettings: RightsSettings | null;
  }>(
    `SELECT p."id", p."id" AS "participantId", NULL AS "dependantKind", NULL AS "birthDate", NULL AS "studentCertificateUntil",
            NULL AS "rightsEndedOn", NULL::jsonb AS "rightsEndSettings"
       FROM "Participant" p WHERE p."id" = ANY($1::text[])
     UNION ALL
     SELECT d."id", d."participantId", d."kind", ${day('d."birthDate"')}, ${day('d."studentCertificateUntil"')},
            ${day('d."rightsEndedOn"')}, d."rightsEndSettings"
       FROM "Dependant" d WHERE d."id" = ANY($1::text[])`,
    [ids],
  );
  const participantIds = [...new Set(beneficiaries.map((b) => b.participantId))];
  const [{ rows: affiliations }, { rows: suspensions }] = await Promise.all([
    db.query<AffiliationFact & { participantId: string }>(
      `SELECT "id", "participantId", "ipmId", "employerId", ${day('"validFrom"')} AS "from", ${day('"validTo"')} AS "to", "endReason"
         FROM "Affiliation" WHERE "participantId" = ANY($1::text[]) ORDER BY "validFrom"`,
      [participantIds],
    ),
    db.query<SuspensionFact>(
      `SELECT "id", "employerId", "participantId", ${day('"validFrom"')} AS "from", ${day('"validTo"')} AS "to", "reason"
         FROM "RightsSuspension"
        WHERE "participantId" = ANY($1::text[])
           OR "employerId" IN (SELECT DISTINCT "employerId" FROM "Affiliation" WHERE "participantId" = ANY($1::text[]))
        ORDER BY "validFrom"`,
      [participantIds],
    ),
  ]);
  const affiliationsOf = groupBy(affiliations, (a) => a.participantId);
  const employerSuspensions = groupBy(
    suspensions.filter((s) => s.employerId),
    (s) => s.employerId as string,
  );
  const ownSuspensions = groupBy(
    suspensions.filter((s) => s.participantId),
    (s) => s.participantId as string,
  );
  const out = new Map<string, BeneficiaryFacts>();
  for (const b of beneficiaries)
    out.set(b.id, factsOf(b, affiliationsOf.get(b.participantId) ?? [], employerSuspensions, ownSuspensions));
  return out;
}

interface BeneficiaryRow {
  id: string;
  participantId: string;
  dependantKind: 'conjoint' | 'enfant' | null;
  birthDate: string | null;
  studentCertificateUntil: string | null;
  rightsEndedOn: string | null;
  rightsEndSettings: RightsSettings | null;
}

/** One beneficiary's facts from its row, its participant's affiliations and the suspensions that may reach it. */
function factsOf(
  b: BeneficiaryRow,
  affiliations: readonly AffiliationFact[],
  employerSuspensions: ReadonlyMap<string, SuspensionFact[]>,
  ownSuspensions: ReadonlyMap<string, SuspensionFact[]>,
): BeneficiaryFacts {
  const periods = affiliations.map(
    ({ id, ipmId, employerId, from, to, endReason }): AffiliationFact => ({
      id,
      ipmId,
      employerId,
      from,
      to,
      endReason,
    }),
  );
  const employers = new Set(periods.map((a) => a.employerId));
  const dependant: DependantFact | null =
    b.dependantKind && b.birthDate
      ? {
          id: b.id,
          kind: b.dependantKind,
          birthDate: b.birthDate,
          studentCertificateUntil: b.studentCertificateUntil,
          rightsEnded:
            b.rightsEndedOn && b.rightsEndSettings ? { day: b.rightsEndedOn, settings: b.rightsEndSettings } : null,
        }
      : null;
  return {
    participantId: b.participantId,
    dependant,
    affiliations: periods,
    suspensions: [
      ...[...employers].flatMap((e) => employerSuspensions.get(e) ?? []),
      ...(ownSuspensions.get(b.participantId) ?? []),
    ],
  };
}

/** The holder of a card (a participant or a dependant) with the rule's facts: the rights check's lookup. */
const FACTS_BY_CARD: NamedStatement = {
  name: 'siamo_facts_by_card',
  text: `WITH b AS (
       SELECT p."id", p."id" AS "participantId", p."ipmId" AS "registerIpmId", NULL::text AS "dependantKind",
              NULL::text AS "birthDate", NULL::text AS "studentCertificateUntil", NULL::text AS "rightsEndedOn",
              NULL::jsonb AS "rightsEndSettings"
         FROM "Participant" p WHERE p."cardNumber" = $1
       UNION ALL
       SELECT d."id", d."participantId", p."ipmId", d."kind"::text, ${day('d."birthDate"')},
              ${day('d."studentCertificateUntil"')}, ${day('d."rightsEndedOn"')}, d."rightsEndSettings"
         FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId" WHERE d."cardNumber" = $1)
     SELECT b.*,
            COALESCE((SELECT json_agg(json_build_object('id', a."id", 'ipmId', a."ipmId", 'employerId', a."employerId",
                        'from', ${day('a."validFrom"')}, 'to', ${day('a."validTo"')}, 'endReason', a."endReason")
                        ORDER BY a."validFrom")
                        FROM "Affiliation" a WHERE a."participantId" = b."participantId"), '[]'::json) AS "affiliations",
            COALESCE((SELECT json_agg(json_build_object('id', s."id", 'employerId', s."employerId",
                        'participantId', s."participantId", 'from', ${day('s."validFrom"')}, 'to', ${day('s."validTo"')},
                        'reason', s."reason") ORDER BY s."validFrom")
                        FROM "RightsSuspension" s
                       WHERE s."participantId" = b."participantId"
                          OR s."employerId" IN (SELECT a."employerId" FROM "Affiliation" a WHERE a."participantId" = b."participantId")),
                     '[]'::json) AS "suspensions"
       FROM b`,
};

/**
 * Who holds a card number (a participant, or a dependant: one row, or none; two only if the card
 * numbers' uniqueness across both tables were broken) with the facts of the rule, in one statement:
 * the rights check's lookup and `loadBeneficiaryFacts` together, for the path that runs the most.
 */
export async function factsByCardNumber(
  db: SqlClient,
  cardNumber: string,
): Promise<{ beneficiaryId: string; participantId: string; registerIpmId: string; facts: BeneficiaryFacts }[]> {
  const { rows } = await queryNamed<
    BeneficiaryRow & { registerIpmId: string; affiliations: AffiliationFact[]; suspensions: SuspensionFact[] }
  >(db, FACTS_BY_CARD, [cardNumber]);
  return rows.map((r) => {
    const employerSuspensions = groupBy(
      r.suspensions.filter((x) => x.employerId),
      (x) => x.employerId as string,
    );
    const ownSuspensions = groupBy(
      r.suspensions.filter((x) => x.participantId),
      (x) => x.participantId as string,
    );
    return {
      beneficiaryId: r.id,
      participantId: r.participantId,
      registerIpmId: r.registerIpmId,
      facts: factsOf(r, r.affiliations, employerSuspensions, ownSuspensions),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const unknownBeneficiary = () =>
  new SiamoError(
    'introuvable',
    'Bénéficiaire introuvable : vérifiez l’identifiant du participant ou de l’ayant droit.',
  );

/** Whether `beneficiaryId` (a participant or a dependant) is covered on `date`, at which IPM, and if not why. */
export async function rightsAt(
  db: SqlClient,
  beneficiaryId: string,
  date: DayKey,
  settings: RightsSettings = rightsSettingsOf(),
): Promise<RightsAnswer> {
  const facts = (await loadBeneficiaryFacts(db, [beneficiaryId])).get(beneficiaryId);
  if (!facts) throw unknownBeneficiary();
  return rightsOn(facts, date, settings);
}

/** The batch form: the facts of every beneficiary asked loaded once, each question answered in memory. */
export async function rightsAtMany(
  db: SqlClient,
  questions: readonly { beneficiaryId: string; date: DayKey }[],
  settings: RightsSettings = rightsSettingsOf(),
): Promise<(RightsAnswer | null)[]> {
  const facts = await loadBeneficiaryFacts(
    db,
    questions.map((q) => q.beneficiaryId),
  );
  return questions.map((q) => {
    const f = facts.get(q.beneficiaryId);
    return f ? rightsOn(f, q.date, settings) : null;
  });
}
