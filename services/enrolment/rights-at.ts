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
import { day, type SqlClient } from './sql.ts';

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
  for (const b of beneficiaries) {
    const periods = (affiliationsOf.get(b.participantId) ?? []).map(
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
    out.set(b.id, {
      participantId: b.participantId,
      dependant,
      affiliations: periods,
      suspensions: [
        ...[...employers].flatMap((e) => employerSuspensions.get(e) ?? []),
        ...(ownSuspensions.get(b.participantId) ?? []),
      ],
    });
  }
  return out;
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
