import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { actsForOwner, type OwnerActor, seriesOwnerFor } from '../../processes/referentials/owner-roles.ts';
import { VERSION_STATUSES, type VersionStatus } from '../../processes/referentials/statuses.ts';
import { SiamoError } from '../errors.ts';

// The steps of a version after its import, as commands the `referentiel` process, the API and the
// shipped data share. Each checks the version's status and who acts, then writes in one transaction;
// a refusal is a SiamoError in French and changes nothing. Dates are days (AAAA-MM-JJ, Dakar): a
// version is in force from `validFrom` included to `validTo` excluded. Scheduling gives the version's
// rows their dates and ends the version in force on the same day, so that the database's exclusion
// constraint sees, and refuses, any overlap; activation on that day only changes statuses. Every step
// stays within the version's series: its referential and its owner (one IPM's care package is never
// ended by another's).

export interface Acting extends OwnerActor {
  id: string;
}

/** Dating or undating a version rewrites each of its rows (tens of thousands for medicines). */
const LONG = { timeout: 300_000, maxWait: 30_000 };

type VersionRow = {
  id: string;
  referentialCode: string;
  ownerOrganisationId: string;
  number: number;
  status: string;
  validFrom: Date | null;
};

const frenchDay = (day: string) => day.split('-').reverse().join('/');
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

async function lockVersion(tx: Prisma.TransactionClient, versionId: string): Promise<VersionRow> {
  const rows = await tx.$queryRawUnsafe<VersionRow[]>(
    `SELECT id, "referentialCode", "ownerOrganisationId", number, status, "validFrom"
     FROM "ReferentialVersion" WHERE id = $1 FOR UPDATE`,
    versionId,
  );
  const version = rows[0];
  if (!version) throw new SiamoError('introuvable', 'Cette version de référentiel n’existe pas.');
  return version;
}

function expectStatus(version: VersionRow, allowed: VersionStatus[], doing: string): void {
  if (allowed.includes(version.status as VersionStatus)) return;
  throw new SiamoError(
    'non_autorise',
    `Impossible de ${doing} la version n°${version.number} : elle est « ${VERSION_STATUSES[version.status as VersionStatus] ?? version.status} ».`,
  );
}

/**
 * Refuses, in French, someone who is not the owner's agent (or manager) for `referential`: the owner is
 * the version's (`ownerOrganisationId`), or for a new import the series the actor would own.
 */
export function expectOwner(
  actor: Acting,
  referential: string,
  ownerOrganisationId: string | null,
  as: 'agent' | 'manager',
  doing: string,
): void {
  const definition = referentialDefinition(referential);
  const owner = ownerOrganisationId ?? (definition ? seriesOwnerFor(definition, actor) : null);
  if (definition && owner && actsForOwner(actor, owner, as)) return;
  if (definition?.ownedBy) {
    const ipm = definition.ownedBy === 'ipm';
    if (!ownerOrganisationId)
      throw new SiamoError(
        'non_autorise',
        `« ${definition.title} » est tenu par chaque ${ipm ? 'IPM' : 'prestataire'} : seul ${ipm ? 'un agent d’une IPM' : 'un agent d’un prestataire'} ` +
          `peut en ${doing} une version, pour son organisation.`,
      );
    const who = !ipm ? 'un agent du prestataire' : as === 'manager' ? 'le gérant de l’IPM' : 'un agent de l’IPM';
    throw new SiamoError(
      'non_autorise',
      `Seul ${who} qui tient ce référentiel (« ${definition.title} ») peut ${doing} cette version.`,
    );
  }
  throw new SiamoError(
    'non_autorise',
    `Seul ${as === 'manager' ? 'un responsable' : 'un agent'} de l’autorité propriétaire du référentiel ` +
      `(${definition?.ownerLabel ?? referential}) peut ${doing} cette version.`,
  );
}

/** The version's manager approves it, as the report showed it. */
export async function approveVersion(
  prisma: PrismaClient,
  versionId: string,
  actor: Acting | 'systeme',
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const version = await lockVersion(tx, versionId);
    if (actor !== 'systeme')
      expectOwner(actor, version.referentialCode, version.ownerOrganisationId, 'manager', 'approuver');
    expectStatus(version, ['validee'], 'approuver');
    await tx.referentialVersion.update({
      where: { id: versionId },
      data: { status: 'approuvee', approvedBy: actor === 'systeme' ? 'systeme' : actor.id, approvedAt: new Date() },
    });
  });
}

export async function rejectVersion(
  prisma: PrismaClient,
  versionId: string,
  actor: Acting | 'systeme',
  reason: string,
): Promise<void> {
  if (reason.trim() === '') {
    throw new SiamoError('saisie_invalide', 'Donnez le motif du rejet : l’agent qui a importé la version le lira.', {
      motif: 'Motif obligatoire.',
    });
  }
  await prisma.$transaction(async (tx) => {
    const version = await lockVersion(tx, versionId);
    if (actor !== 'systeme')
      expectOwner(actor, version.referentialCode, version.ownerOrganisationId, 'manager', 'rejeter');
    expectStatus(version, ['validee'], 'rejeter');
    await tx.referentialVersion.update({
      where: { id: versionId },
      data: {
        status: 'rejetee',
        rejectionReason: reason.trim(),
        approvedBy: actor === 'systeme' ? 'systeme' : actor.id,
        approvedAt: new Date(),
      },
    });
  });
}

export interface ScheduleOptions {
  /** The first day in force. */
  from: string;
  /** Today (default: Dakar's); a date before it is refused. */
  today?: string;
  /** Shipped data only: versions whose dates are already past. */
  allowPast?: boolean;
  /** Shipped data only: an end already known (the version is then recorded replaced). */
  to?: string;
}

/**
 * Schedules an approved version, or moves the date of a scheduled one (postponing it). Refused: a day
 * in the past, another version of the referential already scheduled, a day on or before the start of
 * the version in force.
 */
export async function scheduleVersion(
  prisma: PrismaClient,
  versionId: string,
  actor: Acting | 'systeme',
  options: ScheduleOptions,
): Promise<void> {
  const today = options.today ?? dakarDay(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.from)) {
    throw new SiamoError('saisie_invalide', `« ${options.from} » n’est pas une date (AAAA-MM-JJ).`);
  }
  if (!options.allowPast && options.from < today) {
    throw new SiamoError(
      'saisie_invalide',
      `La date d’entrée en vigueur (${frenchDay(options.from)}) est passée : choisissez aujourd’hui (${frenchDay(today)}) ou une date à venir.`,
      { dateEffet: 'Date passée.' },
    );
  }
  await prisma.$transaction(async (tx) => {
    const version = await lockVersion(tx, versionId);
    if (actor !== 'systeme')
      expectOwner(actor, version.referentialCode, version.ownerOrganisationId, 'manager', 'programmer');
    expectStatus(version, ['approuvee', 'programmee'], 'programmer');
    const current = await expectNoOverlap(tx, version, options.from, true);
    // Undated first, so that moving a scheduled day later never overlaps, even for a moment, the
    // version in force being lengthened (the constraint is checked statement by statement).
    await setDates(tx, versionId, null, null);
    if (current) await setDates(tx, current.id, current.validFrom ? dayOf(current.validFrom) : null, options.from);
    await setDates(tx, versionId, options.from, options.to ?? null);
    await tx.referentialVersion.update({ where: { id: versionId }, data: { status: 'programmee' } });
  }, LONG);
}

type Other = { id: string; number: number; status: string; validFrom: Date | null };

/**
 * The overlaps `scheduleVersion` refuses, read before its writes (and before the event of the
 * `referentiel` process, so that a refused event changes nothing): another version already scheduled,
 * or a first day on or before the start of the version in force. Returns the version in force.
 */
export async function expectNoOverlap(
  tx: Prisma.TransactionClient,
  version: { id: string; referentialCode: string; ownerOrganisationId: string },
  from: string,
  lock = false,
): Promise<Other | undefined> {
  const others = await tx.$queryRawUnsafe<Other[]>(
    `SELECT id, number, status, "validFrom" FROM "ReferentialVersion"
     WHERE "referentialCode" = $1 AND "ownerOrganisationId" = $3 AND id <> $2
       AND status IN ('programmee', 'en_vigueur')${lock ? ' FOR UPDATE' : ''}`,
    version.referentialCode,
    version.id,
    version.ownerOrganisationId,
  );
  const scheduled = others.find((o) => o.status === 'programmee');
  if (scheduled?.validFrom) {
    throw new SiamoError(
      'conflit',
      `La version n°${scheduled.number} est déjà programmée au ${frenchDay(dayOf(scheduled.validFrom))} : ` +
        'annulez-la, ou attendez son entrée en vigueur, avant d’en programmer une autre.',
    );
  }
  const current = others.find((o) => o.status === 'en_vigueur');
  if (current?.validFrom && dayOf(current.validFrom) >= from) {
    throw new SiamoError(
      'conflit',
      `La version n°${current.number} est en vigueur depuis le ${frenchDay(dayOf(current.validFrom))} : ` +
        'la nouvelle version doit entrer en vigueur après cette date.',
    );
  }
  return current;
}

/** Cancels a scheduled version before it comes into force: the version in force keeps going. */
export async function cancelVersion(prisma: PrismaClient, versionId: string, actor: Acting | 'systeme'): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const version = await lockVersion(tx, versionId);
    if (actor !== 'systeme')
      expectOwner(actor, version.referentialCode, version.ownerOrganisationId, 'manager', 'annuler');
    expectStatus(version, ['validee', 'approuvee', 'programmee'], 'annuler');
    await setDates(tx, versionId, null, null);
    // The version in force had been given this one's first day as its end: it is open-ended again.
    await tx.$executeRawUnsafe(
      `UPDATE "ReferentialRow" r SET "validTo" = NULL FROM "ReferentialVersion" v
       WHERE v.id = r."versionId" AND v."referentialCode" = $1 AND v."ownerOrganisationId" = $2
         AND v.status = 'en_vigueur' AND r."validTo" IS NOT NULL`,
      version.referentialCode,
      version.ownerOrganisationId,
    );
    await tx.$executeRawUnsafe(
      `UPDATE "ReferentialVersion" SET "validTo" = NULL
       WHERE "referentialCode" = $1 AND "ownerOrganisationId" = $2 AND status = 'en_vigueur'`,
      version.referentialCode,
      version.ownerOrganisationId,
    );
    await tx.referentialVersion.update({ where: { id: versionId }, data: { status: 'annulee' } });
  }, LONG);
}

/**
 * Brings a scheduled version into force on its day (the process's timer calls it): the version it
 * replaces is archived, « remplacée », its rows kept. Idempotent: a version already in force is left.
 * Returns the replaced version's id.
 */
export async function activateVersion(
  prisma: PrismaClient,
  versionId: string,
  today = dakarDay(new Date()),
): Promise<{ replacedId: string | null }> {
  return prisma.$transaction(async (tx) => {
    const version = await lockVersion(tx, versionId);
    if (version.status === 'en_vigueur') return { replacedId: null };
    expectStatus(version, ['programmee'], 'mettre en vigueur');
    if (!version.validFrom || dayOf(version.validFrom) > today) {
      throw new SiamoError(
        'non_autorise',
        `La version n°${version.number} n’entre en vigueur que le ${version.validFrom ? frenchDay(dayOf(version.validFrom)) : '(date non fixée)'}.`,
      );
    }
    const replaced = await tx.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "ReferentialVersion" SET status = 'remplacee'
       WHERE "referentialCode" = $1 AND "ownerOrganisationId" = $3 AND status = 'en_vigueur' AND id <> $2 RETURNING id`,
      version.referentialCode,
      versionId,
      version.ownerOrganisationId,
    );
    await tx.referentialVersion.update({ where: { id: versionId }, data: { status: 'en_vigueur' } });
    return { replacedId: replaced[0]?.id ?? null };
  });
}

async function setDates(tx: Prisma.TransactionClient, versionId: string, from: string | null, to: string | null) {
  await tx.$executeRawUnsafe(
    `UPDATE "ReferentialVersion" SET "validFrom" = $2::date, "validTo" = $3::date WHERE id = $1`,
    versionId,
    from,
    to,
  );
  await tx.$executeRawUnsafe(
    `UPDATE "ReferentialRow" SET "validFrom" = $2::date, "validTo" = $3::date
     WHERE "versionId" = $1 AND ("validFrom", "validTo") IS DISTINCT FROM ($2::date, $3::date)`,
    versionId,
    from,
    to,
  );
}
