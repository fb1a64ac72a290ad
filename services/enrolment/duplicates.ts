import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import type { DuplicateOutcome } from '../../processes/enrolment/doublon-rules.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import type { CaseServiceContext } from '../context.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import { protectNin } from '../personal-data/nin.ts';
import { startCase } from '../start-case.ts';
import { prismaTransaction } from './beneficiary-ipm.ts';
import { day } from './sql.ts';

// Cross-IPM duplicates: a NIN enrolled at a second IPM while affiliated at a first. The enrolment is
// kept aside (DuplicateConflict, the NIN encrypted and indexed as in "Participant") and a `doublon`
// case opens between the two IPMs, ICAMO arbitrating; nothing of the first is touched until ICAMO
// decides. The case's business key, data and workflow id carry the conflict's id only.

export interface DuplicateEnrolment {
  secondIpmId: string;
  secondEmployerId: string;
  /** The identifier as typed (NIN or CMU number): encrypted here, never stored or sent in clear. */
  identifier: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  sex: 'F' | 'M';
  salary: number;
  hireDate: string;
}

export interface OpenedDuplicate {
  conflictId: string;
  caseId: string;
  /** False when this NIN already waited on an open conflict with this IPM: the same case is given back. */
  created: boolean;
}

/**
 * When `enrolment`'s NIN is affiliated at another IPM on its hire date, records the conflict (once
 * per NIN and second IPM while open) and opens its `doublon` case; null when there is no conflict.
 */
export async function openDuplicate(
  ctx: CaseServiceContext,
  keys: DataKeys,
  enrolment: DuplicateEnrolment,
): Promise<OpenedDuplicate | null> {
  const { ninChiffre, ninIndex } = protectNin(keys, enrolment.identifier);
  const db = prismaTransaction(ctx.prisma);
  const conflict = await db(async (tx) => {
    const { rows: active } = await tx.query<{ id: string; ipmId: string; participantId: string }>(
      `SELECT "id", "ipmId", "participantId" FROM "Affiliation"
        WHERE "ninIndex" = $1 AND "ipmId" <> $2
          AND daterange("validFrom", "validTo", '[)') && daterange($3::date, NULL, '[)')
        ORDER BY "validFrom" LIMIT 1`,
      [ninIndex, enrolment.secondIpmId, enrolment.hireDate],
    );
    const first = active[0];
    if (!first) return null;
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO "DuplicateConflict" ("id", "ninIndex", "firstIpmId", "firstParticipantId", "firstAffiliationId",
         "secondIpmId", "secondEmployerId", "ninChiffre", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary", "hireDate")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT ("ninIndex", "secondIpmId") WHERE "status" = 'ouvert' DO NOTHING
       RETURNING "id"`,
      [
        randomUUID(),
        ninIndex,
        first.ipmId,
        first.participantId,
        first.id,
        enrolment.secondIpmId,
        enrolment.secondEmployerId,
        Buffer.from(ninChiffre),
        enrolment.matricule,
        enrolment.lastName,
        enrolment.firstNames,
        enrolment.birthDate,
        enrolment.sex,
        enrolment.salary,
        enrolment.hireDate,
      ],
    );
    const { rows } = await tx.query<{ id: string; firstIpmId: string }>(
      `SELECT "id", "firstIpmId" FROM "DuplicateConflict" WHERE "ninIndex" = $1 AND "secondIpmId" = $2 AND "status" = 'ouvert'`,
      [ninIndex, enrolment.secondIpmId],
    );
    return { ...(rows[0] as { id: string; firstIpmId: string }), created: inserted.rows.length > 0 };
  });
  if (!conflict) return null;
  // Same business key on a retry: the same case.
  const opened = await startCase(ctx, {
    processId: 'doublon',
    businessKey: `doublon-${conflict.id}`,
    organisationId: enrolment.secondIpmId,
    actor: SYSTEM_ACTOR,
    input: { conflit: conflict.id, ipmPremiere: conflict.firstIpmId, ipmSeconde: enrolment.secondIpmId },
  });
  await ctx.prisma.$executeRawUnsafe(
    `UPDATE "DuplicateConflict" SET "caseId" = $1 WHERE "id" = $2`,
    opened.case.caseId,
    conflict.id,
  );
  return { conflictId: conflict.id, caseId: opened.case.caseId, created: conflict.created };
}

/**
 * The `resoudre_doublon` effect: ICAMO's decision applied once (the conflict leaves `ouvert` in the
 * same transaction). A transfer ends the first affiliation on the transfer day and opens the second
 * IPM's from it — participant, then affiliation, as the exclusion constraint requires.
 */
export async function resolveDuplicate(deps: { prisma: PrismaClient }, effect: EffectRequest): Promise<void> {
  const kase = await deps.prisma.case.findUnique({ where: { id: effect.caseId }, select: { context: true } });
  const context = (kase?.context ?? {}) as Record<string, unknown>;
  const conflictId = String(context.conflit ?? '');
  const outcome = effect.params.issue as DuplicateOutcome;
  await prismaTransaction(deps.prisma)(async (tx) => {
    const { rows } = await tx.query<{
      status: string;
      secondIpmId: string;
      secondEmployerId: string;
      firstAffiliationId: string;
      ninIndex: string;
    }>(
      `SELECT "status", "secondIpmId", "secondEmployerId", "firstAffiliationId", "ninIndex" FROM "DuplicateConflict" WHERE "id" = $1 FOR UPDATE`,
      [conflictId],
    );
    const conflict = rows[0];
    if (!conflict) throw new Error(`Conflit « ${conflictId} » introuvable.`);
    if (conflict.status !== 'ouvert') return;
    if (outcome !== 'transfere') {
      await tx.query(`UPDATE "DuplicateConflict" SET "status" = $2, "resolvedAt" = now() WHERE "id" = $1`, [
        conflictId,
        outcome,
      ]);
      return;
    }
    const transferDate = String(context.dateTransfert ?? '');
    await tx.query(
      `UPDATE "Affiliation" SET "validTo" = $2::date, "endReason" = 'transfert'
        WHERE "id" = $1 AND ("validTo" IS NULL OR "validTo" > $2::date)`,
      [conflict.firstAffiliationId, transferDate],
    );
    const { rows: participant } = await tx.query<{ id: string }>(
      `INSERT INTO "Participant" ("id", "ipmId", "employerId", "ninChiffre", "ninIndex", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary")
       SELECT gen_random_uuid()::text, c."secondIpmId", c."secondEmployerId", c."ninChiffre", c."ninIndex", c."matricule", c."lastName", c."firstNames", c."birthDate", c."sex", c."salary"
         FROM "DuplicateConflict" c WHERE c."id" = $1
       ON CONFLICT ("ipmId", "ninIndex") DO UPDATE SET "employerId" = EXCLUDED."employerId"
       RETURNING "id"`,
      [conflictId],
    );
    const secondParticipantId = (participant[0] as { id: string }).id;
    await tx.query(
      `INSERT INTO "Affiliation" ("id", "participantId", "ninIndex", "ipmId", "employerId", "validFrom", "startReason")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5::date, 'transfert')`,
      [secondParticipantId, conflict.ninIndex, conflict.secondIpmId, conflict.secondEmployerId, transferDate],
    );
    await tx.query(
      `UPDATE "DuplicateConflict" SET "status" = 'transfere', "transferDate" = $2::date, "secondParticipantId" = $3, "resolvedAt" = now() WHERE "id" = $1`,
      [conflictId, transferDate, secondParticipantId],
    );
  });
}

/** The conflicts an IPM is party to (first or second), newest first: ids, IPMs, dates and status — no NIN. */
export async function duplicatesOf(prisma: PrismaClient, ipmId: string) {
  return prisma.$queryRawUnsafe<
    { id: string; caseId: string | null; firstIpmId: string; secondIpmId: string; status: string; hireDate: string }[]
  >(
    `SELECT "id", "caseId", "firstIpmId", "secondIpmId", "status", ${day('"hireDate"')} AS "hireDate"
       FROM "DuplicateConflict" WHERE "firstIpmId" = $1 OR "secondIpmId" = $1 ORDER BY "createdAt" DESC LIMIT 200`,
    ipmId,
  );
}
