import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay, frenchDay, readDay } from '../../processes/calendar.ts';
import {
  compactIdentifier,
  DEFAULT_IDENTIFIER_FORMATS,
  type IdentifierFormats,
  type IdentifierKind,
  identifierProblem,
} from '../../processes/enrolment/identifiers.ts';
import { EMPLOYER_STATUSES, type EmployerStatus, ENROLLING_STATUSES } from '../../processes/enrolment/records.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import { protectNin } from '../personal-data/nin.ts';
import type { Viewer } from '../viewer.ts';
import { openDuplicate } from './duplicates.ts';
import { employerFor } from './employer-access.ts';
import {
  type IdentityClaim,
  type IdentityRegister,
  type IdentityVerdict,
  identityProblem,
} from './identity/identity-register.ts';

// A hire declared one by one, by the employer or the IPM's agent: a direct command, not a case. A hire
// has no steps to wait on (it is checked and written at once), and enrolment is set-based — the
// same facts as the workforce import, in the same tables — so a workflow per hire would add nothing
// but load. What the case history would give is kept in `EnrolmentEvent`: who declared what, when,
// written in the transaction that writes the participant and its affiliation.

export interface HireDeclaration {
  employerId: string;
  identifierKind: string;
  identifier: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  sex: string;
  hireDate: string;
  salary: number;
  requestId?: string | null;
}

export interface HireResult {
  participantId: string;
  cardNumber: string;
  affiliationId: string;
  /** The first day covered: the hire date, or the contract's start if later. */
  coveredFrom: string;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

const text = (value: unknown, label: string, max: number, errors: Record<string, string>, key: string) => {
  const v = typeof value === 'string' ? value.trim() : '';
  if (v === '') errors[key] = `« ${label} » est obligatoire.`;
  else if (v.length > max) errors[key] = `« ${label} » ne doit pas dépasser ${max} caractères.`;
  return v;
};

const OTHER_AFFILIATION =
  'Ce NIN a déjà une affiliation active à cette date (dans cette IPM ou une autre) : la même personne ne peut ' +
  'pas être affiliée deux fois. Son départ doit d’abord être déclaré par son employeur actuel, ou l’IPM saisie ' +
  'pour résoudre le doublon.';

/** Thrown inside the transaction when the NIN is active at another IPM: it rolls back, then the doublon opens. */
class OtherIpm extends Error {}

/** Refuses a person the identity register does not know, or knows under another name or birth date. */
async function checkIdentity(
  register: IdentityRegister,
  d: HireDeclaration,
  checked: ReturnType<typeof checkHire>,
): Promise<void> {
  const claim: IdentityClaim = {
    kind: checked.kind as IdentifierKind,
    identifier: compactIdentifier(String(d.identifier)),
    lastName: checked.lastName,
    firstNames: checked.firstNames,
    birthDate: d.birthDate,
  };
  let verdicts: IdentityVerdict[];
  try {
    verdicts = await register.check([claim]);
  } catch (error) {
    throw new SiamoError(
      'condition_non_remplie',
      `Déclaration d’embauche non enregistrée : l’identité n’a pas pu être vérifiée (${(error as Error).message})`,
    );
  }
  const problem = identityProblem(claim, verdicts[0] ?? { status: 'inconnu' }, register.label);
  if (problem)
    throw new SiamoError('saisie_invalide', `Déclaration d’embauche refusée : ${problem}`, { identifier: problem });
}

/** Checks a declaration field by field; French messages that say which field is wrong and never repeat a NIN. */
function checkHire(d: HireDeclaration, formats: IdentifierFormats, today: string) {
  const errors: Record<string, string> = {};
  const kind = d.identifierKind === 'nin' || d.identifierKind === 'cmu' ? (d.identifierKind as IdentifierKind) : null;
  if (!kind)
    errors.identifierKind = 'Indiquez si l’identifiant est un NIN (Sénégalais) ou un numéro de carte CMU (étranger).';
  const sex = d.sex === 'F' || d.sex === 'M' ? d.sex : undefined;
  if (!sex) errors.sex = '« Sexe » : F ou M.';
  if (kind) {
    const problem = identifierProblem(kind, String(d.identifier ?? ''), sex, formats);
    if (problem) errors.identifier = problem;
  }
  const matricule = text(d.matricule, 'Matricule de solde', 40, errors, 'matricule');
  const lastName = text(d.lastName, 'Nom', 100, errors, 'lastName');
  const firstNames = text(d.firstNames, 'Prénoms', 150, errors, 'firstNames');
  const birth = readDay(String(d.birthDate ?? ''));
  if (birth === null) errors.birthDate = '« Date de naissance » : une date AAAA-MM-JJ qui existe.';
  else if (d.birthDate > today || d.birthDate < '1900-01-01')
    errors.birthDate = '« Date de naissance » : une date passée, après 1900.';
  const hire = readDay(String(d.hireDate ?? ''));
  if (hire === null) errors.hireDate = '« Date d’embauche » : une date AAAA-MM-JJ qui existe.';
  else if (birth !== null && d.hireDate <= d.birthDate)
    errors.hireDate = '« Date d’embauche » : elle doit suivre la date de naissance.';
  if (!Number.isInteger(d.salary) || d.salary < 0 || d.salary > 100_000_000)
    errors.salary = '« Salaire » : un montant mensuel en FCFA, nombre entier positif.';
  return { errors, kind, sex, matricule, lastName, firstNames };
}

export async function declareHire(
  prisma: PrismaClient,
  viewer: Viewer,
  keys: DataKeys | undefined,
  d: HireDeclaration,
  formats: IdentifierFormats = DEFAULT_IDENTIFIER_FORMATS,
  /** The case services: given, a NIN active at another IPM opens its `doublon` case (./duplicates.ts). */
  cases?: CaseServiceContext,
  /** The identity register the person is checked against before anything is written; none: not checked. */
  identity?: IdentityRegister,
): Promise<HireResult> {
  const access = await employerFor(prisma, viewer, d.employerId, ['employeur', 'agent_ipm']);
  if (!access)
    throw new SiamoError('introuvable', 'Employeur introuvable : il n’est pas le vôtre ni adhérent à votre IPM.');
  const { employer, role } = access;
  const today = dakarDay(new Date());
  const checked = checkHire(d, formats, today);
  if (d.requestId != null && !REQUEST_ID.test(d.requestId))
    checked.errors.requestId = '1 à 100 caractères parmi lettres, chiffres, point, deux-points, tiret et souligné.';
  if (Object.keys(checked.errors).length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Déclaration d’embauche refusée : ${Object.values(checked.errors).join(' ')}`,
      checked.errors,
    );
  if (!ENROLLING_STATUSES.includes(employer.status as EmployerStatus))
    throw new SiamoError(
      'condition_non_remplie',
      `L’adhésion de l’entreprise n’est pas active (« ${EMPLOYER_STATUSES[employer.status as EmployerStatus] ?? employer.status} ») : ` +
        'les embauches se déclarent une fois le contrat d’adhésion approuvé.',
    );
  if (!keys)
    throw new SiamoError(
      'enregistrement_impossible',
      'Les clés de protection des NIN ne sont pas configurées : contactez l’administrateur.',
    );
  if (identity) await checkIdentity(identity, d, checked);
  const contractStart = employer.contractStart?.toISOString().slice(0, 10) ?? null;
  const coveredFrom = contractStart && contractStart > d.hireDate ? contractStart : d.hireDate;
  const { ninChiffre, ninIndex } = protectNin(keys, String(d.identifier));

  try {
    return await prisma.$transaction(async (tx) => {
      if (d.requestId) {
        const done = await tx.enrolmentEvent.findUnique({ where: { requestId: d.requestId } });
        if (done) {
          const p = await tx.participant.findUniqueOrThrow({ where: { id: done.participantId } });
          return {
            participantId: p.id,
            cardNumber: p.cardNumber,
            affiliationId: done.affiliationId,
            coveredFrom: done.effectiveOn.toISOString().slice(0, 10),
          };
        }
      }
      // Two declarations of one NIN at once: the second waits, then sees the first's affiliation.
      await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked', `nin/${ninIndex}`);
      const overlapping = await tx.$queryRawUnsafe<
        { employerId: string; ipmId: string; open: boolean; from: string }[]
      >(
        `SELECT "employerId", "ipmId", "validTo" IS NULL AS "open", to_char("validFrom", 'YYYY-MM-DD') AS "from"
           FROM "Affiliation"
          WHERE "ninIndex" = $1 AND daterange("validFrom", "validTo", '[)') && daterange($2::date, NULL, '[)')
          LIMIT 1`,
        ninIndex,
        coveredFrom,
      );
      const current = overlapping[0];
      if (current?.employerId === employer.id)
        throw new SiamoError(
          'condition_non_remplie',
          `Ce salarié est déjà affilié par votre entreprise depuis le ${frenchDay(current.from)} : ` +
            'déclarez son départ avant une nouvelle embauche.',
        );
      if (current && cases && current.ipmId !== employer.ipmId) throw new OtherIpm();
      if (current) throw new SiamoError('condition_non_remplie', OTHER_AFFILIATION);
      const [participant] = await tx.$queryRawUnsafe<{ id: string; cardNumber: string }[]>(
        `INSERT INTO "Participant" ("id", "ipmId", "employerId", "ninChiffre", "ninIndex", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11)
         ON CONFLICT ("ipmId", "ninIndex") DO UPDATE SET "employerId" = EXCLUDED."employerId",
           "matricule" = EXCLUDED."matricule", "lastName" = EXCLUDED."lastName", "firstNames" = EXCLUDED."firstNames",
           "birthDate" = EXCLUDED."birthDate", "sex" = EXCLUDED."sex", "salary" = EXCLUDED."salary"
         RETURNING "id", "cardNumber"`,
        randomUUID(),
        employer.ipmId,
        employer.id,
        Buffer.from(ninChiffre),
        ninIndex,
        checked.matricule,
        checked.lastName,
        checked.firstNames,
        d.birthDate,
        checked.sex,
        d.salary,
      );
      if (!participant) throw new Error('participant non écrit');
      const affiliationId = randomUUID();
      await tx.$executeRawUnsafe(
        `INSERT INTO "Affiliation" ("id", "participantId", "ninIndex", "ipmId", "employerId", "validFrom", "startReason")
         VALUES ($1, $2, $3, $4, $5, $6::date, 'embauche')`,
        affiliationId,
        participant.id,
        ninIndex,
        employer.ipmId,
        employer.id,
        coveredFrom,
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO "EnrolmentEvent" ("id", "actorId", "actorRole", "ipmId", "employerId", "participantId", "action", "effectiveOn", "affiliationId", "requestId")
         VALUES ($1, $2, $3, $4, $5, $6, 'embauche', $7::date, $8, $9)`,
        randomUUID(),
        viewer.userId,
        role,
        employer.ipmId,
        employer.id,
        participant.id,
        coveredFrom,
        affiliationId,
        d.requestId ?? null,
      );
      return { participantId: participant.id, cardNumber: participant.cardNumber, affiliationId, coveredFrom };
    });
  } catch (error) {
    if (error instanceof OtherIpm && cases) await awaitArbitration(cases, keys, employer, checked, d);
    // Another IPM's affiliation written between the check and the insert: the constraint's refusal.
    if (databaseCode(error) === '23P01') throw new SiamoError('condition_non_remplie', OTHER_AFFILIATION);
    throw error;
  }
}

/**
 * The hire of a NIN active at another IPM is not written: it waits in a `doublon` case between the two
 * IPMs, which ICAMO arbitrates; a transfer writes it. The refusal names the case, never the other IPM's
 * participant. The same declaration again gives back the same open case.
 */
async function awaitArbitration(
  cases: CaseServiceContext,
  keys: DataKeys,
  employer: { id: string; ipmId: string },
  checked: ReturnType<typeof checkHire>,
  d: HireDeclaration,
): Promise<never> {
  const opened = await openDuplicate(cases, keys, {
    secondIpmId: employer.ipmId,
    secondEmployerId: employer.id,
    identifier: String(d.identifier),
    matricule: checked.matricule,
    lastName: checked.lastName,
    firstNames: checked.firstNames,
    birthDate: d.birthDate,
    sex: checked.sex as 'F' | 'M',
    salary: d.salary,
    hireDate: d.hireDate,
  });
  if (!opened)
    throw new SiamoError('conflit', 'L’affiliation de ce NIN vient de changer : déclarez l’embauche à nouveau.');
  throw new SiamoError('condition_non_remplie', `${OTHER_IPM} Dossier de doublon : ${opened.caseId}.`, undefined, {
    event: 'embauche',
  });
}

const OTHER_IPM =
  'Ce NIN est déjà affilié à une autre IPM à cette date : l’embauche n’est pas inscrite. Un dossier de doublon est ' +
  'ouvert entre les deux IPM et l’ICAMO arbitre ; si elle transfère la personne à l’IPM de l’entreprise, ' +
  'l’embauche est inscrite à la date du transfert. L’IPM suit le dossier (menu « Doublons »).';

export function databaseCode(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; code?: string } } } })
    ?.meta?.driverAdapterError?.cause;
  return cause?.originalCode ?? cause?.code ?? (error as { code?: string })?.code;
}
