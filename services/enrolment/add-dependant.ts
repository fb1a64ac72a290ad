import { dakarDay, readDay } from '../../processes/calendar.ts';
import {
  type DependantCandidate,
  dependantRefusals,
  type EligibilitySettings,
} from '../../processes/enrolment/eligibility.ts';
import { SiamoError } from '../errors.ts';
import { eligibilitySettingsOf } from './rights-at.ts';
import type { SqlClient } from './sql.ts';

// Declares one dependant (ayant droit) of a participant: the eligibility rules of the settings
// (processes/enrolment/eligibility.ts) judge it first, and a refusal names the rule and writes
// nothing. An eligible one gets the participant's next rank and a member card number from the
// database, in one statement under the participant's row lock, so that two declarations at once
// never take one rank.

export interface DependantDeclaration {
  participantId: string;
  kind: 'conjoint' | 'enfant';
  lastName: string;
  firstNames: string;
  birthDate: string;
  studentCertificateUntil?: string | null;
  /** Kinds of piece received (acte_mariage, acte_naissance, certificat_scolarite). */
  pieces: readonly string[];
}

export interface DeclaredDependant {
  id: string;
  participantId: string;
  rank: number;
  kind: 'conjoint' | 'enfant';
  cardNumber: string;
}

const invalid = (message: string, field: string, what: string) =>
  new SiamoError('saisie_invalide', message, { [field]: what });

function checkInput(d: DependantDeclaration): void {
  if (d.kind !== 'conjoint' && d.kind !== 'enfant')
    throw invalid('Lien inconnu : un ayant droit est un conjoint ou un enfant.', 'kind', 'conjoint ou enfant');
  for (const [field, label] of [
    ['lastName', 'Nom'],
    ['firstNames', 'Prénoms'],
  ] as const) {
    const v = d[field].trim();
    if (v === '' || v.length > 100)
      throw invalid(`${label} manquant ou trop long (100 caractères au plus) : renseignez-le.`, field, 'requis');
  }
  if (readDay(d.birthDate) === null)
    throw invalid('Date de naissance invalide : attendu AAAA-MM-JJ, une date qui existe.', 'birthDate', 'AAAA-MM-JJ');
  if (d.studentCertificateUntil && readDay(d.studentCertificateUntil) === null)
    throw invalid(
      'Date de fin du certificat de scolarité invalide : attendu AAAA-MM-JJ, une date qui existe.',
      'studentCertificateUntil',
      'AAAA-MM-JJ',
    );
}

/**
 * Declares `declaration` for the participant of `ipmId`'s register. Throws `introuvable` for a
 * participant of another IPM (or nobody), `condition_non_remplie` naming each broken rule.
 */
export async function addDependant(
  transaction: <T>(work: (db: SqlClient) => Promise<T>) => Promise<T>,
  ipmId: string,
  declaration: DependantDeclaration,
  options: { asOf?: string; settings?: EligibilitySettings } = {},
): Promise<DeclaredDependant> {
  checkInput(declaration);
  const settings = options.settings ?? eligibilitySettingsOf();
  const asOf = options.asOf ?? dakarDay(new Date());
  return transaction(async (client) => {
    const participant = await client.query<{ ipmId: string }>(
      'SELECT "ipmId" FROM "Participant" WHERE "id" = $1 FOR UPDATE',
      [declaration.participantId],
    );
    if (participant.rows[0]?.ipmId !== ipmId)
      throw new SiamoError('introuvable', 'Participant introuvable dans votre IPM : vérifiez son identifiant.');
    const { rows: counts } = await client.query<{ spouses: number }>(
      `SELECT count(*) FILTER (WHERE "kind" = 'conjoint')::int AS "spouses" FROM "Dependant" WHERE "participantId" = $1`,
      [declaration.participantId],
    );
    const candidate: DependantCandidate = {
      kind: declaration.kind,
      birthDate: declaration.birthDate,
      studentCertificateUntil: declaration.studentCertificateUntil || null,
      pieces: declaration.pieces,
    };
    const refusals = dependantRefusals(candidate, { asOf, settings, spousesAlready: counts[0]?.spouses ?? 0 });
    if (refusals.length > 0) throw new SiamoError('condition_non_remplie', refusals.map((r) => r.message).join(' '));
    const { rows } = await client.query<DeclaredDependant>(
      `INSERT INTO "Dependant" ("id", "participantId", "kind", "rank", "lastName", "firstNames", "birthDate", "studentCertificateUntil", "pieces")
       SELECT gen_random_uuid()::text, $1, $2, COALESCE(max("rank"), 0) + 1, $3, $4, $5, $6, $7
         FROM "Dependant" WHERE "participantId" = $1
       RETURNING "id", "participantId", "rank", "kind", "cardNumber"`,
      [
        declaration.participantId,
        declaration.kind,
        declaration.lastName.trim(),
        declaration.firstNames.trim(),
        declaration.birthDate,
        candidate.studentCertificateUntil,
        [...new Set(declaration.pieces)],
      ],
    );
    return rows[0] as DeclaredDependant;
  });
}
