import { finalOnRefusal } from '../../activities/effects/linked-cases.ts';
import type { ActivityDependencies } from '../../activities/index.ts';
import { requireMail } from '../../activities/mail.ts';
import type { EffectRequest } from '../../workflows/types.ts';
import { SiamoError } from '../errors.ts';
import { announceVersion } from './announce.ts';
import {
  type Acting,
  activateVersion,
  approveVersion,
  cancelVersion,
  rejectVersion,
  scheduleVersion,
} from './lifecycle.ts';

// The activities of the `referentiel` process's effects. Each reads what it applies from the case's
// transition that asked for it (the event's input at that revision, never the case as it is now, which
// a later postponement may have changed) and leaves alone a version already where the step puts it, so
// that an attempt retried after a worker died applies once. They act as the person who sent the event:
// the process's checks refused anyone else before the event (process-checks.ts), and the lifecycle
// checks it again, so that nothing reaching the case another way changes a version.

interface Step {
  versionId: string;
  actor: Acting | 'systeme';
  input: Record<string, unknown>;
  version: { status: string; validFrom: Date | null; approvedBy: string | null; caseId: string | null };
}

async function stepOf(deps: ActivityDependencies, effect: EffectRequest): Promise<Step> {
  const { prisma } = deps;
  const [kase, audit] = await Promise.all([
    prisma.case.findUnique({ where: { id: effect.caseId }, select: { context: true } }),
    prisma.auditEntry.findUnique({ where: { caseId_revision: { caseId: effect.caseId, revision: effect.revision } } }),
  ]);
  const versionId = (kase?.context as Record<string, unknown> | undefined)?.versionId;
  if (typeof versionId !== 'string' || !audit)
    throw new Error(`Dossier « ${effect.caseId} » ou sa révision ${effect.revision} introuvable dans la base.`);
  const version = await prisma.referentialVersion.findUnique({
    where: { id: versionId },
    select: { status: true, validFrom: true, approvedBy: true, caseId: true },
  });
  if (!version) throw new SiamoError('introuvable', 'Cette version de référentiel n’existe pas.');
  // A case opened by hand (the generic start form) naming a version is not that version's case.
  if (version.caseId !== effect.caseId)
    throw new SiamoError(
      'non_autorise',
      'Ce dossier n’est pas celui de la version : seul son import ouvre son dossier.',
    );
  return { versionId, actor: await actorOf(deps, audit), input: audit.input as Record<string, unknown>, version };
}

async function actorOf(
  { prisma }: ActivityDependencies,
  audit: { actorId: string; actorRole: string },
): Promise<Acting | 'systeme'> {
  if (audit.actorRole === 'systeme') return 'systeme';
  const user = await prisma.user.findUnique({
    where: { id: audit.actorId },
    select: { id: true, roles: true, organisationId: true, organisation: { select: { kind: true } } },
  });
  if (!user) throw new SiamoError('introuvable', 'La personne qui a envoyé l’événement n’existe plus.');
  // Only the role it acted under: holding another role of the owner does not make it its manager.
  return {
    id: user.id,
    organisationId: user.organisationId,
    organisationKind: user.organisation.kind,
    roles: user.roles.filter((r) => r === audit.actorRole),
  };
}

const dayOf = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;

async function schedule(deps: ActivityDependencies, effect: EffectRequest): Promise<void> {
  const { versionId, actor, input, version } = await stepOf(deps, effect);
  const from = String(input.dateEffet);
  if (version.status === 'programmee' && dayOf(version.validFrom) === from) return;
  // Moved on since (a retry after the timer brought it into force): the step is past.
  if (!['validee', 'approuvee', 'programmee'].includes(version.status)) return;
  if (version.status === 'validee') await approveVersion(deps.prisma, versionId, actor);
  await scheduleVersion(deps.prisma, versionId, actor, { from });
}

async function reject(deps: ActivityDependencies, effect: EffectRequest): Promise<void> {
  const { versionId, actor, input, version } = await stepOf(deps, effect);
  if (version.status === 'rejetee') return;
  await rejectVersion(deps.prisma, versionId, actor, String(input.motifRejet ?? ''));
}

async function cancel(deps: ActivityDependencies, effect: EffectRequest): Promise<void> {
  const { versionId, actor, version } = await stepOf(deps, effect);
  if (version.status === 'annulee') return;
  await cancelVersion(deps.prisma, versionId, actor);
}

async function activate(deps: ActivityDependencies, effect: EffectRequest): Promise<void> {
  const mail = requireMail(deps.mail);
  const { versionId, version } = await stepOf(deps, effect);
  // A day already come fires the timer at once, while the approval's effect may still be scheduling
  // (the effects of two transitions run side by side): a plain error, so that Temporal tries again.
  if (version.status === 'validee' || version.status === 'approuvee')
    throw new Error(`La version « ${versionId} » n’est pas encore programmée : nouvel essai.`);
  // Idempotent: a version already in force is left as it is; the messages are keyed by the transition.
  await activateVersion(deps.prisma, versionId);
  await announceVersion({ prisma: deps.prisma, mail }, effect, versionId);
}

/** A refusal of the lifecycle (the version moved on by another way) will not mend by retrying. */
const final =
  (step: (deps: ActivityDependencies, effect: EffectRequest) => Promise<void>) =>
  (deps: ActivityDependencies, effect: EffectRequest) =>
    finalOnRefusal(step(deps, effect));

export const REFERENTIAL_EFFECT_IMPLEMENTATIONS = {
  programmer_version: final(schedule),
  rejeter_version: final(reject),
  annuler_version: final(cancel),
  activer_version: final(activate),
};
