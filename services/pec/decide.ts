import { latestDefinition } from '../../processes/registry.ts';
import type { Role } from '../../processes/roles.ts';
import { actingRole } from '../case-access.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { sendEvent } from '../send-event.ts';
import type { Viewer } from '../viewer.ts';
import { IPM_ROLES } from './list.ts';
import { PEC_PROCESS } from './request.ts';

// The IPM's people decide the requests made to their IPM (its case belongs to the provider, which the
// engine's organisation rule would not let them reach): grant, refusal with a reason, the medical
// adviser's opinion. Either side may cancel. The definition still decides which event the case's
// state allows; what is refused changes nothing.

export const PEC_DECISIONS = {
  accorder: { event: 'pec.accorder', field: 'observations' },
  refuser: { event: 'pec.refuser', field: 'motifRefus' },
  avis_favorable: { event: 'avis.donner', field: 'observationsMedecin', opinion: 'favorable' },
  avis_defavorable: { event: 'avis.donner', field: 'observationsMedecin', opinion: 'defavorable' },
} as const;

export type PecDecision = keyof typeof PEC_DECISIONS;

interface Action {
  caseId: string;
  reason?: string | null;
  expectedRevision?: number | null;
  requestId?: string | null;
}

const notFound = () => new SiamoError('introuvable', 'Cette demande de prise en charge est introuvable.');

async function reachable(ctx: CaseServiceContext, viewer: Viewer, caseId: string) {
  const row = await ctx.prisma.pecRequest.findUnique({ where: { caseId } });
  const kase = row ? await ctx.prisma.case.findUnique({ where: { id: caseId } }) : null;
  if (!row || !kase || kase.processId !== PEC_PROCESS) throw notFound();
  const asProvider = row.providerOrganisationId === viewer.organisationId && viewer.roles.includes('agent_ps');
  const asIpm = row.ipmId === viewer.organisationId && viewer.roles.some((r) => IPM_ROLES.includes(r));
  if (!asProvider && !asIpm) throw notFound();
  if (kase.terminal)
    throw new SiamoError(
      'non_autorise',
      `Cette prise en charge est close (« ${latestDefinition(PEC_PROCESS)?.states[kase.state]?.label ?? kase.state} ») : ` +
        'aucune action n’est plus possible. Faites une nouvelle demande si besoin.',
    );
  return { row, kase, asProvider, asIpm };
}

export async function decidePec(
  ctx: CaseServiceContext,
  viewer: Viewer,
  action: Action & { decision: string },
): Promise<string> {
  const decision = PEC_DECISIONS[action.decision as PecDecision];
  if (!decision || !Object.hasOwn(PEC_DECISIONS, action.decision))
    throw new SiamoError(
      'saisie_invalide',
      `Décision inconnue « ${action.decision.slice(0, 40)} » : choisissez accorder, refuser, avis_favorable ou avis_defavorable.`,
      { decision: 'accorder, refuser, avis_favorable ou avis_defavorable.' },
    );
  const { kase, asIpm } = await reachable(ctx, viewer, action.caseId);
  const role = asIpm ? actingRole(viewer, decision.event === 'avis.donner' ? ['agent_ipm'] : IPM_ROLES) : undefined;
  if (!role)
    throw new SiamoError(
      'non_autorise',
      decision.event === 'avis.donner'
        ? 'L’avis du médecin-conseil est donné par un agent de l’IPM de l’assuré.'
        : 'Seuls l’agent et le gérant de l’IPM de l’assuré décident d’une prise en charge.',
    );
  const reason = action.reason?.trim() ? action.reason : undefined;
  const input: Record<string, unknown> = {
    ...(reason !== undefined || decision.event === 'pec.refuser' ? { [decision.field]: reason ?? '' } : {}),
    ...('opinion' in decision ? { avisMedecin: decision.opinion } : {}),
  };
  await sendEvent(ctx, {
    caseId: kase.id,
    event: decision.event,
    input,
    actor: { id: viewer.userId, role },
    expectedRevision: action.expectedRevision ?? undefined,
    requestId: action.requestId ?? undefined,
  });
  return kase.id;
}

export async function cancelPec(ctx: CaseServiceContext, viewer: Viewer, action: Action): Promise<string> {
  const { kase, asProvider } = await reachable(ctx, viewer, action.caseId);
  const role: Role | undefined = asProvider ? 'agent_ps' : actingRole(viewer, IPM_ROLES);
  if (!role) throw notFound();
  await sendEvent(ctx, {
    caseId: kase.id,
    event: 'pec.annuler',
    input: { motifAnnulation: action.reason ?? '' },
    actor: { id: viewer.userId, role },
    expectedRevision: action.expectedRevision ?? undefined,
    requestId: action.requestId ?? undefined,
  });
  return kase.id;
}
