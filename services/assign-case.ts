import type { Case } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma/client.ts';
import { viewerOf } from './auth/viewer-of.ts';
import { canSeeCase } from './case-access.ts';
import { SiamoError } from './errors.ts';
import type { Viewer } from './viewer.ts';

export interface AssignCaseOptions {
  viewer: Viewer;
  caseId: string;
  /** The person who takes the case; null hands it back to the team. */
  assigneeId: string | null;
}

/**
 * Gives a case to a person of the viewer's own organisation who can see it. Assignment distributes
 * work; it is not a step of the process, so it is written to the projection only and does not go
 * through the case's workflow (the workflow never writes this column).
 */
export async function assignCase(prisma: PrismaClient, options: AssignCaseOptions): Promise<Case> {
  const { viewer, caseId, assigneeId } = options;
  const kase = await prisma.case.findUnique({ where: { id: caseId } });
  if (!kase || !canSeeCase(viewer, kase)) {
    throw new SiamoError('introuvable', `Le dossier « ${caseId} » est introuvable.`);
  }
  if (kase.terminal) {
    throw new SiamoError('non_autorise', 'Le dossier est clos : il ne peut plus être attribué.');
  }
  if (assigneeId !== null) {
    const person = await prisma.user.findUnique({ where: { id: assigneeId }, include: { organisation: true } });
    if (!person?.active || person.organisationId !== viewer.organisationId) {
      throw new SiamoError(
        'saisie_invalide',
        'Un dossier ne peut être attribué qu’à une personne de votre organisation.',
        {
          assigneeId: 'Personne introuvable dans votre organisation.',
        },
      );
    }
    if (!canSeeCase(viewerOf(person), kase)) {
      throw new SiamoError('saisie_invalide', 'Cette personne ne peut pas voir ce dossier.', {
        assigneeId: 'Cette personne ne peut pas voir ce dossier.',
      });
    }
  }
  return prisma.case.update({ where: { id: caseId }, data: { assigneeId } });
}
