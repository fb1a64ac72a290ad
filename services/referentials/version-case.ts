import { dakarDay } from '../../processes/calendar.ts';
import { referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { seriesOwnerFor } from '../../processes/referentials/owner-roles.ts';
import type { VersionStatus } from '../../processes/referentials/statuses.ts';
import { latestDefinition } from '../../processes/registry.ts';
import { startBatch } from '../batches/batches.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { sendEventAs } from '../send-event-as.ts';
import type { Viewer } from '../viewer.ts';
import { workingRole } from '../working-role.ts';
import type { FileProblem } from './file-problem.ts';
import { IMPORT_BATCH, type ImportBatchParams } from './import-batch.ts';
import { type ImportVersionOptions, prepareImport, type ReportSummary } from './import-version.ts';
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

export type VersionCaseImport =
  | { problem: FileProblem }
  | {
      versionId: string;
      number: number;
      /** « import_en_cours » while its batch runs; then « validee » (with its case), « brouillon »... */
      status: VersionStatus;
      batchId: string;
      caseId: string | null;
      summary: ReportSummary | null;
    };

/** How long an import waits for its batch before answering « en cours » (a small file is done by then). */
export const IMPORT_ANSWER_WAIT_MS = 10_000;

/**
 * The owner's agent imports a file: read as a whole at once (a file refused as a whole answers here and
 * writes nothing), then checked, written and compared by a batch whose progress the version's page
 * shows; a version the validation accepts gets its case, awaiting approval. Answers when the batch is
 * done, or after `waitMs` with the version « import en cours ».
 */
export async function importVersionWithCase(
  ctx: CaseServiceContext,
  viewer: Viewer,
  request: Pick<ImportVersionOptions, 'referential' | 'file' | 'fileName' | 'title' | 'maxBytes'> & {
    /** How long to wait for the batch before answering (default: a few seconds). */
    waitMs?: number;
  },
): Promise<VersionCaseImport> {
  const { waitMs = Math.min(IMPORT_ANSWER_WAIT_MS, ctx.updateWaitMs ?? IMPORT_ANSWER_WAIT_MS), ...file } = request;
  expectOwner(actingOf(viewer), request.referential, null, 'agent', 'importer');
  const definition = referentialDefinition(request.referential);
  // expectOwner refused anyone who owns no series of it: an IPM's own referential joins the IPM's.
  const ownerOrganisationId = definition ? (seriesOwnerFor(definition, viewer) ?? undefined) : undefined;
  if (request.title.trim() === '')
    throw new SiamoError('saisie_invalide', 'Donnez un titre à la version (par exemple « Arrêté du 1er mars 2027 »).', {
      title: 'Titre obligatoire.',
    });
  const process = latestDefinition('referentiel');
  if (!process) throw new SiamoError('introuvable', 'Le processus « referentiel » n’est pas déployé.');
  const openedAs = workingRole(viewer, 'startCase', process.startRoles);
  const prepared = await prepareImport(ctx.prisma, {
    ...file,
    title: request.title.trim(),
    importedBy: viewer.userId,
    ownerOrganisationId,
  });
  if ('problem' in prepared) return prepared;
  const params: ImportBatchParams = {
    versionId: prepared.versionId,
    ownerOrganisationId: prepared.ownerOrganisationId,
    referential: request.referential,
    number: prepared.number,
    openedBy: viewer.userId,
    openedAs,
    caseOrganisationId: viewer.organisationId,
  };
  const batch = await startBatch(ctx, { kind: IMPORT_BATCH, params, startedBy: viewer.userId });
  await ctx.prisma.referentialVersion.update({ where: { id: prepared.versionId }, data: { importBatchId: batch.id } });
  if (waitMs > 0) await settledWithin(ctx, batch.id, waitMs);
  return importedVersion(ctx, prepared.versionId, batch.id);
}

/** Waits for the import's batch to end, at most `ms`; a batch failing is the version's status to tell. */
async function settledWithin(ctx: CaseServiceContext, batchId: string, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ctx.temporal.workflow
      .getHandle(batchId)
      .result()
      .catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

async function importedVersion(
  ctx: CaseServiceContext,
  versionId: string,
  batchId: string,
): Promise<VersionCaseImport> {
  const version = await ctx.prisma.referentialVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { number: true, status: true, caseId: true, report: true },
  });
  return {
    versionId,
    number: version.number,
    status: version.status as VersionStatus,
    batchId,
    caseId: version.caseId,
    summary: (version.report as unknown as ReportSummary | null) ?? null,
  };
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
