import { randomUUID } from 'node:crypto';
import { dakarDay, frenchDay } from '../../processes/calendar.ts';
import type { IdentifierFormats } from '../../processes/enrolment/identifiers.ts';
import type { RightsSettings } from '../../processes/enrolment/rights.ts';
import { SiamoError } from '../errors.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import { protectNin } from '../personal-data/nin.ts';
import { type IdentityClaim, type IdentityRegister, identityProblem } from './identity/identity-register.ts';
import type { ImportPool } from './prisma-pool.ts';
import { rightsSettingsOf } from './rights-at.ts';
import { day } from './sql.ts';
import { type LineProblem, type ParticipantLine, readWorkforceFile } from './workforce-file.ts';

// Imports an employer's workforce file into its IPM's register: all or nothing. Every line is checked
// first — the file's own checks, then against the database (a NIN already active elsewhere, in this
// IPM or another); if one line is refused, nothing is written and the report lists every refusal.
// Otherwise everything is written in ONE transaction, with set-based statements (arrays as
// parameters, a few statements per 10 000 lines): participants, their affiliations from their hire
// date, their dependants. Writing again what is there changes nothing (ON CONFLICT on the natural
// keys), so re-importing the same file reports every line as already present. Rows go in in index
// order (ORDER BY the NIN's index): the GiST exclusion index and the unique indexes then fill page by
// page, about a third faster than in the file's order. A concurrent import
// of the same NIN is refused by the exclusion constraint, and this transaction rolls back whole.

const CHUNK = 10_000;

export interface ImportWorkforceOptions {
  ipmId: string;
  employerId: string;
  bytes: Uint8Array;
  keys: DataKeys;
  /** The day eligibility is judged on; today in Dakar by default. */
  asOf?: string;
  settings?: RightsSettings;
  formats?: IdentifierFormats;
  /** The identity register each participant is checked against (services/enrolment/identity); none: not checked. */
  identity?: IdentityRegister;
  /**
   * Lines whose NIN is active at ANOTHER IPM are set aside instead of refused: the rest is imported
   * and the caller opens their `doublon` cases (./import-for-employer.ts). Off by default: the file
   * is refused whole, as any refused line refuses it.
   */
  setAsideOtherIpm?: boolean;
}

/** A participant line set aside: its NIN is active at another IPM since `since`. */
export interface SetAsideLine {
  line: number;
  since: string;
  /** The line as read, the identifier in clear in memory only: for the duplicate's record, never reported. */
  participant: ParticipantLine;
  /** The file lines of its dependants, not imported with it. */
  dependantLines: number[];
}

export interface WorkforceImportReport {
  /** Whether anything was written: false when the file or one of its lines is refused. */
  applied: boolean;
  /** A problem of the whole file (encoding, layout, empty): nothing read. */
  fileProblem: string | null;
  lines: number;
  /** Lines refused, with every reason, in file order. */
  refused: LineProblem[];
  participantsCreated: number;
  participantsAlreadyPresent: number;
  dependantsCreated: number;
  /** With `setAsideOtherIpm`: the lines active at another IPM, left out of what was written. */
  setAside: SetAsideLine[];
}

const empty = (fileProblem: string | null, lines = 0, refused: LineProblem[] = []): WorkforceImportReport => ({
  applied: false,
  fileProblem,
  lines,
  refused,
  participantsCreated: 0,
  participantsAlreadyPresent: 0,
  dependantsCreated: 0,
  setAside: [],
});

export async function importWorkforce(
  pool: ImportPool,
  options: ImportWorkforceOptions,
): Promise<WorkforceImportReport> {
  const settings = options.settings ?? rightsSettingsOf();
  const asOf = options.asOf ?? dakarDay(new Date());
  const reading = await readWorkforceFile(options.bytes, { asOf, settings, formats: options.formats });
  if (!reading.ok) return empty(reading.fileProblem);

  // Asked before the transaction: a register's answer never holds locks.
  const identityRefusals = options.identity ? await checkIdentities(options.identity, reading.participants) : [];
  const protectedNins = reading.participants.map((p) => protectNin(options.keys, p.identifier));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const employer = await client.query<{ ipmId: string }>('SELECT "ipmId" FROM "Employer" WHERE "id" = $1', [
      options.employerId,
    ]);
    if (employer.rows[0]?.ipmId !== options.ipmId) {
      await client.query('ROLLBACK');
      return empty('Employeur introuvable dans cette IPM : choisissez une entreprise adhérente de l’IPM.');
    }
    // Serialises imports into one employer: the second waits, then finds the first's lines present.
    await client.query('SELECT 1 FROM "Employer" WHERE "id" = $1 FOR UPDATE', [options.employerId]);

    const indexes = protectedNins.map((n) => n.ninIndex);
    const [existing, active] = await Promise.all([
      client.query<{ id: string; ninIndex: string }>(
        'SELECT "id", "ninIndex" FROM "Participant" WHERE "ipmId" = $1 AND "ninIndex" = ANY($2::text[])',
        [options.ipmId, indexes],
      ),
      // The affiliations that would overlap one starting on the hire date.
      client.query<{ ninIndex: string; ipmId: string; employerId: string; from: string }>(
        `SELECT a."ninIndex", a."ipmId", a."employerId", ${day('a."validFrom"')} AS "from"
           FROM "Affiliation" a JOIN unnest($1::text[], $2::date[]) AS x(nin, hired) ON a."ninIndex" = x.nin
          WHERE daterange(a."validFrom", a."validTo", '[)') && daterange(x.hired, NULL, '[)')`,
        [indexes, reading.participants.map((p) => p.hireDate)],
      ),
    ]);
    const participantIdOf = new Map(existing.rows.map((r) => [r.ninIndex, r.id]));
    const activeOf = new Map(active.rows.map((r) => [r.ninIndex, r]));

    const refused = [...reading.refused, ...identityRefusals];
    const toCreate: { line: ParticipantLine; id: string; index: number }[] = [];
    const toAffiliate: { participantId: string; index: number; line: ParticipantLine }[] = [];
    const participantOfMatricule = new Map<string, string>();
    const setAside = new Map<string, SetAsideLine>();
    let alreadyPresent = 0;
    reading.participants.forEach((line, index) => {
      const nin = indexes[index] as string;
      const current = activeOf.get(nin);
      const mine = participantIdOf.get(nin);
      if (current) {
        if (current.employerId === options.employerId && mine) {
          alreadyPresent++;
          participantOfMatricule.set(line.matricule, mine);
          return;
        }
        if (options.setAsideOtherIpm && current.ipmId !== options.ipmId) {
          setAside.set(line.matricule, { line: line.line, since: current.from, participant: line, dependantLines: [] });
          return;
        }
        refused.push({
          line: line.line,
          problems: [
            current.ipmId === options.ipmId
              ? `Déjà affilié(e) à cette IPM par un autre employeur depuis le ${frenchDay(current.from)} : déclarez d’abord son départ ou son transfert.`
              : `Déjà affilié(e) à une autre IPM depuis le ${frenchDay(current.from)} : un même NIN ne peut être actif deux fois ; le conflit se règle entre les IPM concernées.`,
          ],
        });
        return;
      }
      const id = mine ?? randomUUID();
      if (!mine) toCreate.push({ line, id, index });
      toAffiliate.push({ participantId: id, index, line });
      participantOfMatricule.set(line.matricule, id);
    });
    if (refused.length > 0) {
      await client.query('ROLLBACK');
      return empty(null, reading.lines, mergeByLine(refused));
    }
    // A set-aside participant's dependants wait with it: imported by the same file once ICAMO decides.
    const dependants = reading.dependants.filter((d) => {
      const aside = setAside.get(d.participantMatricule);
      aside?.dependantLines.push(d.line);
      return !aside;
    });

    for (let i = 0; i < toCreate.length; i += CHUNK) {
      const chunk = toCreate.slice(i, i + CHUNK);
      await client.query(
        `INSERT INTO "Participant" ("id", "ipmId", "employerId", "ninChiffre", "ninIndex", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary")
         SELECT x.id, $1, $2, x.chiffre, x.nin, x.matricule, x.nom, x.prenoms, x.naissance, x.sexe, x.salaire
           FROM unnest($3::text[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[], $11::int[])
             AS x(id, chiffre, nin, matricule, nom, prenoms, naissance, sexe, salaire)
          ORDER BY x.nin
         ON CONFLICT ("ipmId", "ninIndex") DO NOTHING`,
        [
          options.ipmId,
          options.employerId,
          chunk.map((c) => c.id),
          chunk.map((c) => Buffer.from((protectedNins[c.index] as { ninChiffre: Uint8Array }).ninChiffre)),
          chunk.map((c) => indexes[c.index]),
          chunk.map((c) => c.line.matricule),
          chunk.map((c) => c.line.lastName),
          chunk.map((c) => c.line.firstNames),
          chunk.map((c) => c.line.birthDate),
          chunk.map((c) => c.line.sex),
          chunk.map((c) => c.line.salary),
        ],
      );
    }
    for (let i = 0; i < toAffiliate.length; i += CHUNK) {
      const chunk = toAffiliate.slice(i, i + CHUNK);
      await client.query(
        `INSERT INTO "Affiliation" ("id", "participantId", "ninIndex", "ipmId", "employerId", "validFrom", "startReason")
         SELECT gen_random_uuid()::text, x.participant, x.nin, $1, $2, x.debut, 'embauche'
           FROM unnest($3::text[], $4::text[], $5::date[]) AS x(participant, nin, debut)
          ORDER BY x.nin`,
        [
          options.ipmId,
          options.employerId,
          chunk.map((c) => c.participantId),
          chunk.map((c) => indexes[c.index]),
          chunk.map((c) => c.line.hireDate),
        ],
      );
    }
    let dependantsCreated = 0;
    for (let i = 0; i < dependants.length; i += CHUNK) {
      const chunk = dependants.slice(i, i + CHUNK);
      const inserted = await client.query(
        `INSERT INTO "Dependant" ("id", "participantId", "kind", "rank", "lastName", "firstNames", "birthDate", "studentCertificateUntil")
         SELECT gen_random_uuid()::text, x.participant, x.lien, x.rang, x.nom, x.prenoms, x.naissance, x.certificat
           FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::date[], $7::date[])
             AS x(participant, lien, rang, nom, prenoms, naissance, certificat)
          ORDER BY x.participant, x.rang
         ON CONFLICT ("participantId", "rank") DO NOTHING`,
        [
          chunk.map((d) => participantOfMatricule.get(d.participantMatricule)),
          chunk.map((d) => d.kind),
          chunk.map((d) => d.rank),
          chunk.map((d) => d.lastName),
          chunk.map((d) => d.firstNames),
          chunk.map((d) => d.birthDate),
          chunk.map((d) => d.studentCertificateUntil),
        ],
      );
      dependantsCreated += inserted.rowCount ?? 0;
    }
    await client.query('COMMIT');
    return {
      applied: true,
      fileProblem: null,
      lines: reading.lines,
      refused: [],
      participantsCreated: toCreate.length,
      participantsAlreadyPresent: alreadyPresent,
      dependantsCreated,
      setAside: [...setAside.values()].sort((a, b) => a.line - b.line),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === '23P01')
      return empty(
        'Un autre import ou une autre inscription vient d’affilier l’un de ces NIN : rien n’a été importé ; importez le fichier à nouveau pour voir les lignes concernées.',
      );
    throw error;
  } finally {
    client.release();
  }
}

async function checkIdentities(register: IdentityRegister, lines: readonly ParticipantLine[]): Promise<LineProblem[]> {
  const claims = lines.map((l) => ({
    kind: l.identifierKind,
    identifier: l.identifier,
    lastName: l.lastName,
    firstNames: l.firstNames,
    birthDate: l.birthDate,
  }));
  let verdicts: Awaited<ReturnType<IdentityRegister['check']>>;
  try {
    verdicts = await register.check(claims);
  } catch (error) {
    // Nothing is written: the same file, sent again once the register answers, is imported whole.
    throw new SiamoError(
      'condition_non_remplie',
      `Fichier non importé : les identités n’ont pas pu être vérifiées (${(error as Error).message})`,
    );
  }
  return lines.flatMap((line, i) => {
    const problem = identityProblem(claims[i] as IdentityClaim, verdicts[i] ?? { status: 'inconnu' }, register.label);
    return problem ? [{ line: line.line, problems: [problem] }] : [];
  });
}

/** One entry per line, in file order, its problems together. */
function mergeByLine(refused: readonly LineProblem[]): LineProblem[] {
  const byLine = new Map<number, string[]>();
  for (const r of refused) byLine.set(r.line, [...(byLine.get(r.line) ?? []), ...r.problems]);
  return [...byLine].sort(([a], [b]) => a - b).map(([line, problems]) => ({ line, problems }));
}
