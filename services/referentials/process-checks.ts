import type { PrismaClient } from '../../prisma/client.ts';
import { actsForOwner } from '../../processes/referentials/owner-roles.ts';
import type { EventCheckRequest, ProcessCheckRequest, ProcessChecks } from '../domain-services.ts';
import { SiamoError } from '../errors.ts';
import { type Acting, expectNoOverlap, expectOwner } from './lifecycle.ts';

// The `referentiel` process's checks, consulted by the engine before a person's request reaches a
// version's case by any way (the referentials' mutation, the generic `sendEvent` or `startCase`): who
// acts for the version's owner, no overlap with a version already scheduled. The case would otherwise
// take the step while its effect, checking again, refuses to touch the version.

/** The person as the role they act under: holding another role of the owner does not make them its manager. */
const actingAs = ({ viewer, role }: ProcessCheckRequest): Acting => ({
  id: viewer.userId,
  organisationId: viewer.organisationId,
  organisationKind: viewer.organisationKind,
  roles: [role],
});

/** The manager's decisions, and the verb their refusal names. `version.activer` is the timer's alone: its roles refuse everyone else. */
const DECISIONS: Record<string, string> = {
  'version.approuver': 'approuver',
  'version.rejeter': 'rejeter',
  'version.reporter': 'reporter',
  'version.annuler': 'annuler',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const OPENED_BY_IMPORT =
  'Le dossier d’une version de référentiel est ouvert par son import : importez le fichier depuis la page du référentiel.';

/** Only the import opens a version's case: the owner's agent, for a validated version that has none yet. */
async function start(prisma: PrismaClient, request: ProcessCheckRequest) {
  const { versionId, referentiel } = request.input;
  const version =
    typeof versionId === 'string'
      ? await prisma.referentialVersion.findUnique({
          where: { id: versionId },
          select: { referentialCode: true, ownerOrganisationId: true, status: true, caseId: true },
        })
      : null;
  // The version's own series: a national owner, or the IPM or provider that keeps it.
  const owner = version?.ownerOrganisationId;
  if (
    !version ||
    !owner ||
    version.referentialCode !== referentiel ||
    version.status !== 'validee' ||
    version.caseId !== null ||
    !actsForOwner(actingAs(request), owner, 'agent')
  )
    throw new SiamoError('non_autorise', OPENED_BY_IMPORT);
}

async function event(prisma: PrismaClient, request: EventCheckRequest) {
  const doing = DECISIONS[request.event];
  if (!doing) return;
  const version = await prisma.referentialVersion.findFirst({
    where: { caseId: request.caseId },
    select: { id: true, referentialCode: true, ownerOrganisationId: true },
  });
  // A case opened by hand naming a version is not that version's case: nothing may move it.
  if (!version)
    throw new SiamoError('non_autorise', `Ce dossier n’est celui d’aucune version de référentiel. ${OPENED_BY_IMPORT}`);
  expectOwner(actingAs(request), version.referentialCode, version.ownerOrganisationId, 'manager', doing);
  const day = request.input.dateEffet;
  // A day the case would refuse anyway is left to its own message.
  if ((doing === 'approuver' || doing === 'reporter') && typeof day === 'string' && DAY.test(day))
    await expectNoOverlap(prisma, version, day);
}

export const referentielChecks: ProcessChecks = { start, event };
