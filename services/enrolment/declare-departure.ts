import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay, frenchDay, readDay } from '../../processes/calendar.ts';
import { SiamoError } from '../errors.ts';
import type { Viewer } from '../viewer.ts';
import { roleForEmployer } from './employer-access.ts';

// A departure or a death declared one by one: the participant's open affiliation ends on that day
// (its `validTo`, the first day no longer covered, as the rule `rightsOn` reads it), with the
// declaration's `EnrolmentEvent` in the same transaction. A direct command, like a hire
// (./declare-hire.ts says why).

export interface DepartureDeclaration {
  participantId: string;
  /** depart or deces. */
  reason: string;
  date: string;
  requestId?: string | null;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

export async function declareDeparture(
  prisma: PrismaClient,
  viewer: Viewer,
  d: DepartureDeclaration,
): Promise<{ participantId: string; affiliationId: string; endsOn: string }> {
  const errors: Record<string, string> = {};
  if (d.reason !== 'depart' && d.reason !== 'deces') errors.reason = '« Motif » : départ ou décès.';
  if (readDay(String(d.date ?? '')) === null) errors.date = '« Date » : une date AAAA-MM-JJ qui existe.';
  else if (d.reason === 'deces' && d.date > dakarDay(new Date()))
    errors.date = '« Date du décès » : elle ne peut pas être à venir.';
  if (d.requestId != null && !REQUEST_ID.test(d.requestId))
    errors.requestId = '1 à 100 caractères parmi lettres, chiffres, point, deux-points, tiret et souligné.';
  // The participant and its open affiliation, if the viewer acts for its employer.
  const open = await prisma.affiliation.findFirst({
    where: { participantId: d.participantId, validTo: null },
    include: { employer: { select: { ipmId: true, organisationId: true } } },
  });
  const role = open ? roleForEmployer(viewer, open.employer, ['employeur', 'agent_ipm']) : undefined;
  if (!open || !role) {
    const done = d.requestId ? await prisma.enrolmentEvent.findUnique({ where: { requestId: d.requestId } }) : null;
    if (done && done.participantId === d.participantId && done.actorId === viewer.userId)
      return {
        participantId: done.participantId,
        affiliationId: done.affiliationId,
        endsOn: done.effectiveOn.toISOString().slice(0, 10),
      };
    throw new SiamoError(
      'introuvable',
      'Aucune affiliation en cours de ce salarié chez un employeur que vous gérez : vérifiez le salarié choisi.',
    );
  }
  const from = open.validFrom.toISOString().slice(0, 10);
  if (!errors.date && d.date <= from)
    errors.date = `« Date » : elle doit suivre le début de l’affiliation (${frenchDay(from)}).`;
  if (Object.keys(errors).length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Déclaration ${d.reason === 'deces' ? 'de décès' : 'de départ'} refusée : ${Object.values(errors).join(' ')}`,
      errors,
    );
  return prisma.$transaction(async (tx) => {
    // Only an affiliation still open moves: of two declarations at once, the second finds none.
    const closed = await tx.$executeRawUnsafe(
      `UPDATE "Affiliation" SET "validTo" = $2::date, "endReason" = $3 WHERE "id" = $1 AND "validTo" IS NULL`,
      open.id,
      d.date,
      d.reason,
    );
    if (closed !== 1)
      throw new SiamoError('conflit', 'Ce départ vient d’être déclaré par ailleurs : rechargez la liste des salariés.');
    await tx.$executeRawUnsafe(
      `INSERT INTO "EnrolmentEvent" ("id", "actorId", "actorRole", "ipmId", "employerId", "participantId", "action", "effectiveOn", "affiliationId", "requestId")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10)`,
      randomUUID(),
      viewer.userId,
      role,
      open.ipmId,
      open.employerId,
      open.participantId,
      d.reason,
      d.date,
      open.id,
      d.requestId ?? null,
    );
    return { participantId: open.participantId, affiliationId: open.id, endsOn: d.date };
  });
}
