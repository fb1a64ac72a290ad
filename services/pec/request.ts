import { randomUUID } from 'node:crypto';
import { sendLinkedEvent } from '../../activities/effects/linked-cases.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { caseIdOf, startCase } from '../start-case.ts';
import type { Viewer } from '../viewer.ts';
import { pecPreChecks } from './pre-checks.ts';

// The way into the `pec` process: the provider's agent asks for a member (card number), an act and a
// planned date. The pre-checks run first (services/pec/pre-checks.ts): a refusal writes nothing. The
// request's row is written, then the case opens on the provider's organisation with the row's id and
// the figures the definition decides on, and the pre-checks are concluded at once (the definition's
// timer concludes them if this process stops in between). The same request id gives the same row and
// the same case.

export const PEC_PROCESS = 'pec';

export interface PecRequestInput {
  cardNumber: string;
  actCode: string;
  plannedDate: string;
  /** The form's request id: the same request sent twice opens one case. */
  requestId?: string | null;
}

const REQUEST_ID = /^[\w-]{1,60}$/;

/** Capitals and digits, never nine digits in a row: keys are shown to operators, never like a NIN. */
const randomKey = () => randomUUID().slice(0, 13).toUpperCase();

export async function requestPec(ctx: CaseServiceContext, viewer: Viewer, request: PecRequestInput): Promise<string> {
  if (viewer.organisationKind !== 'PRESTATAIRE' || !viewer.roles.includes('agent_ps'))
    throw new SiamoError('non_autorise', 'Seul l’agent d’un prestataire de soins demande une prise en charge.');
  if (request.requestId != null && !REQUEST_ID.test(request.requestId))
    throw new SiamoError(
      'saisie_invalide',
      'Identifiant de requête invalide : 1 à 60 lettres, chiffres, tirets ou soulignés.',
      { requestId: '1 à 60 lettres, chiffres, tirets ou soulignés.' },
    );
  const requestKey = `${viewer.organisationId}:${request.requestId ?? randomUUID()}`;
  const known = await ctx.prisma.pecRequest.findUnique({ where: { requestKey } });
  if (known) {
    await openAndConclude(ctx, viewer, known);
    return known.caseId;
  }
  const checked = await pecPreChecks(
    ctx.prisma,
    {
      providerOrganisationId: viewer.organisationId,
      cardNumber: request.cardNumber,
      actCode: request.actCode,
      plannedDate: request.plannedDate,
    },
    ctx.settingOverrides,
  );
  const id = randomUUID();
  const businessKey = `DPEC-${randomKey()}`;
  const row = await ctx.prisma.pecRequest
    .create({
      data: {
        id,
        caseId: caseIdOf(PEC_PROCESS, viewer.organisationId, businessKey),
        requestKey,
        providerOrganisationId: viewer.organisationId,
        providerCode: checked.providerCode,
        ipmId: checked.ipmId,
        beneficiaryId: checked.beneficiaryId,
        actCode: checked.actCode,
        actLabel: checked.actLabel,
        plannedDate: new Date(checked.plannedDate),
        tariff: checked.tariff,
        tariffSource: checked.tariffSource,
        rate: checked.rate,
        coveredAmount: checked.coveredAmount,
        medicalOpinionRequired: checked.medicalOpinionRequired,
        checks: checked.checks as object,
        requestedBy: viewer.userId,
      },
    })
    .catch(async (error) => {
      // The same request sent twice at once: the first row stands, and both follow its case.
      const first =
        (error as { code?: string }).code === 'P2002'
          ? await ctx.prisma.pecRequest.findUnique({ where: { requestKey } })
          : null;
      if (!first) throw error;
      return first;
    });
  await openAndConclude(ctx, viewer, row, row.id === id ? businessKey : undefined);
  return row.caseId;
}

interface RowForCase {
  id: string;
  caseId: string;
  ipmId: string;
  plannedDate: Date;
  coveredAmount: number;
  medicalOpinionRequired: boolean;
}

/** Opens the row's case (once: its id is the workflow id) and concludes its pre-checks (once: a request id). */
async function openAndConclude(ctx: CaseServiceContext, viewer: Viewer, row: RowForCase, key?: string) {
  const businessKey = key ?? row.caseId.split('/').at(-1) ?? '';
  const opened = await startCase(ctx, {
    processId: PEC_PROCESS,
    businessKey,
    organisationId: viewer.organisationId,
    actor: { id: viewer.userId, role: 'agent_ps' },
    input: {
      demande: row.id,
      ipm: row.ipmId,
      datePrevue: row.plannedDate.toISOString().slice(0, 10),
      montantPrisEnCharge: row.coveredAmount,
      avisMedecinRequis: row.medicalOpinionRequired,
    },
  });
  if (opened.case.state !== 'demande') return;
  // The engine's own event (no caller may act as `systeme`): sent the way a linked case sends one.
  await sendLinkedEvent(
    ctx,
    opened.case.caseId,
    { event: 'controles.conclure', input: {}, fromCaseId: `pec-controles:${row.id}` },
    `conclure-${row.id}`,
  );
  await letterOfGrant(ctx, opened.case.caseId);
}

/**
 * A linked event's answer does not wait for its awaited effects as a caller's does: a PEC granted at
 * once is answered with its number and letter, so they are waited for here, a bounded time.
 */
async function letterOfGrant(ctx: CaseServiceContext, caseId: string): Promise<void> {
  const deadline = Date.now() + (ctx.updateWaitMs ?? 20_000);
  while (Date.now() < deadline) {
    const [kase, letter] = await Promise.all([
      ctx.prisma.case.findUnique({ where: { id: caseId }, select: { state: true } }),
      ctx.prisma.document.findFirst({ where: { caseId, kind: 'lettre_pec_accord' }, select: { id: true } }),
    ]);
    if (kase?.state !== 'accordee' || letter) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
