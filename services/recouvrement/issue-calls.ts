import { readDay } from '../../processes/calendar.ts';
import { isPeriod } from '../../processes/recouvrement/contributions.ts';
import type { Actor } from '../../workflows/types.ts';
import { type BatchView, startBatch } from '../batches/batches.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { startCase } from '../start-case.ts';
import { CALLS_BATCH } from './calls-batch.ts';
import { contributionRates } from './rates.ts';

// Issuing a period's calls: the batch (services/batches, followed on /lots) and the period's campaign
// case, whose timer opens the ladders of the debtors at the due date. Issuing again starts a batch
// that adds only the calls still missing and finds the campaign already open.

export interface IssueCallsRequest {
  ipmId: string;
  period: string;
  dueDate: string;
  actor: Actor;
  chunkSize?: number;
}

export async function issueCalls(
  cases: CaseServiceContext,
  request: IssueCallsRequest,
): Promise<{ batch: BatchView; campaignCaseId: string }> {
  const batch = await startCallsBatch(cases, request);
  const campaignCaseId = await openCampaign(cases, { ...request, batchId: batch.id });
  return { batch, campaignCaseId };
}

/** The batch that issues the period's calls, alone (the demo data waits for it before the campaign). */
export async function startCallsBatch(cases: CaseServiceContext, request: IssueCallsRequest): Promise<BatchView> {
  const problems: Record<string, string> = {};
  if (!isPeriod(request.period)) problems.period = 'période attendue AAAA-MM';
  if (readDay(request.dueDate) === null) problems.dueDate = 'échéance attendue AAAA-MM-JJ, une date qui existe';
  else if (isPeriod(request.period) && request.dueDate < `${request.period}-01`)
    problems.dueDate = 'l’échéance ne peut pas précéder le début de la période';
  if (Object.keys(problems).length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Émission refusée : ${Object.entries(problems)
        .map(([f, t]) => `${f} — ${t}`)
        .join(' ; ')}. Corrigez et recommencez ; aucun appel n’a été émis.`,
      problems,
    );
  return startBatch(cases, {
    kind: CALLS_BATCH,
    params: {
      ipmId: request.ipmId,
      period: request.period,
      dueDate: request.dueDate,
      ...contributionRates(cases.settingOverrides),
      issuedBy: request.actor.id,
      ...(request.chunkSize ? { chunkSize: request.chunkSize } : {}),
    },
    startedBy: request.actor.id,
  });
}

/** The period's campaign case (one per IPM and period), whose timer opens the debtors' ladders at the due date. */
export async function openCampaign(
  cases: CaseServiceContext,
  request: { ipmId: string; period: string; dueDate: string; actor: Actor; batchId: string },
): Promise<string> {
  const campaign = await startCase(cases, {
    processId: 'campagne',
    businessKey: `APPELS-${request.period}`,
    organisationId: request.ipmId,
    actor: request.actor,
    input: { periode: request.period, echeance: request.dueDate, lot: request.batchId },
  });
  return campaign.case.caseId;
}
