import { dakarDay } from '../../processes/calendar.ts';
import { referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { seriesOwnerFor } from '../../processes/referentials/owner-roles.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { sendEventAs } from '../send-event-as.ts';
import { startCaseAs } from '../start-case-as.ts';
import type { Viewer } from '../viewer.ts';
import { type ImportVersionOptions, type ImportVersionResult, importReferentialVersion } from './import-version.ts';
import { type Acting, expectOwner } from './lifecycle.ts';

// The `referentiel` process seen from the API: an import by the owner's agent opens the version's case;
// the owner's manager's decisions go to that case as its events. What needs the database — who is the
// owner's manager, no overlap with a version already scheduled — is checked before the event by the
// process's checks (process-checks.ts), which the engine consults whatever way the event comes, so
// that a refused decision leaves the case and the version as they were; the case's effects then apply
// the step (effects.ts). Here, the French of a mistyped or past date, and of a version without case.

const actingOf = (viewer: Viewer): Acting => ({
  id: viewer.userId,
  organisationId: viewer.organisationId,
  organisationKind: viewer.organisationKind,
  roles: viewer.roles,
});

export type VersionCaseImport = ImportVersionResult & { caseId?: string | null };

/** The owner's agent imports a file; a version the validation accepts gets its case, awaiting approval. */
export async function importVersionWithCase(
  ctx: CaseServiceContext,
  viewer: Viewer,
  request: Pick<ImportVersionOptions, 'referential' | 'file' | 'fileName' | 'title' | 'maxBytes'>,
): Promise<VersionCaseImport> {
  expectOwner(actingOf(viewer), request.referential, null, 'agent', 'importer');
  const definition = referentialDefinition(request.referential);
  // expectOwner refused anyone who owns no series of it: an IPM's own referential joins the IPM's.
  const ownerOrganisationId = definition ? (seriesOwnerFor(definition, viewer) ?? undefined) : undefined;
  if (request.title.trim() === '')
    throw new SiamoError('saisie_invalide', 'Donnez un titre à la version (par exemple « Arrêté du 1er mars 2027 »).', {
      title: 'Titre obligatoire.',
    });
  const result = await importReferentialVersion(ctx.prisma, {
    ...request,
    title: request.title.trim(),
    importedBy: viewer.userId,
    ownerOrganisationId,
  });
  if ('problem' in result || result.status !== 'validee') return result;
  const started = await startCaseAs(ctx, viewer, {
    processId: 'referentiel',
    // Identifiers only: the key shows in the case's list, its workflow id stays the engine's.
    businessKey: `REF-${request.referential}-${result.number}`,
    input: { versionId: result.versionId, referentiel: request.referential },
  });
  const caseId = started.case.caseId;
  await ctx.prisma.referentialVersion.update({ where: { id: result.versionId }, data: { caseId } });
  return { ...result, caseId };
}

export type VersionDecision =
  | { action: 'approuver' | 'reporter'; dateEffet: string }
  | { action: 'rejeter' | 'annuler'; motif: string };

const EVENTS = {
  approuver: 'version.approuver',
  reporter: 'version.reporter',
  rejeter: 'version.rejeter',
  annuler: 'version.annuler',
} as const;

const DOING = { approuver: 'approuver', reporter: 'reporter', rejeter: 'rejeter', annuler: 'annuler' } as const;

/** The owner's manager approves (with its first day), rejects, postpones or cancels a version. */
export async function decideVersion(
  ctx: CaseServiceContext,
  viewer: Viewer,
  versionId: string,
  decision: VersionDecision,
): Promise<{ caseId: string }> {
  const version = await ctx.prisma.referentialVersion.findUnique({
    where: { id: versionId },
    select: { id: true, referentialCode: true, ownerOrganisationId: true, number: true, caseId: true },
  });
  if (!version) throw new SiamoError('introuvable', 'Cette version de référentiel n’existe pas.');
  expectOwner(
    actingOf(viewer),
    version.referentialCode,
    version.ownerOrganisationId,
    'manager',
    DOING[decision.action],
  );
  if (!version.caseId)
    throw new SiamoError(
      'non_autorise',
      `La version n°${version.number} n’a pas de dossier de transition : elle ne peut être ni approuvée ni programmée.`,
    );
  let input: Record<string, unknown>;
  if (decision.action === 'approuver' || decision.action === 'reporter') {
    const day = decision.dateEffet;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))
      throw new SiamoError('saisie_invalide', `« ${day} » n’est pas une date : écrivez-la AAAA-MM-JJ.`, {
        dateEffet: 'Date AAAA-MM-JJ attendue.',
      });
    const today = dakarDay(new Date());
    if (day < today)
      throw new SiamoError(
        'saisie_invalide',
        `La date d’entrée en vigueur (${day.split('-').reverse().join('/')}) est passée : choisissez aujourd’hui ou une date à venir.`,
        { dateEffet: 'Date passée.' },
      );
    input = { dateEffet: day };
  } else {
    const { motif } = decision as { motif: string };
    input = decision.action === 'rejeter' ? { motifRejet: motif } : { motifAnnulation: motif };
  }
  return sendEventAs(ctx, viewer, { caseId: version.caseId, event: EVENTS[decision.action], input });
}
