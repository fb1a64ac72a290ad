import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateStage } from '@temporalio/client';
import { ProcessEngine } from '../processes/engine.ts';
import { DEFINITIONS, latestDefinition } from '../processes/registry.ts';
import { openedUpdate } from '../workflows/messages.ts';
import { ORGANISATION, PROCESS, STATE, VERSION } from '../workflows/search-attributes.ts';
import type { Actor, CaseView, CaseWorkflowInput } from '../workflows/types.ts';
import { boundedUpdate, DEFAULT_UPDATE_WAIT_MS } from './bounded-update.ts';
import { businessKeyProblem } from './business-key.ts';
import { caseParameters } from './case-parameters.ts';
import type { CaseServiceContext } from './context.ts';
import { SiamoError } from './errors.ts';
import { getCase } from './get-case.ts';
import { toSiamoError } from './temporal-errors.ts';

export interface StartCaseOptions {
  processId: string;
  /**
   * What makes this case unique for its organisation (a file number, an idempotency key). It becomes
   * the workflow id, so opening the same thing twice — a retry after a dropped connection — gives the
   * same case. It is visible to Temporal operators: never a NIN or a name.
   */
  businessKey: string;
  organisationId: string | null;
  actor: Actor;
  input: Record<string, unknown>;
  /**
   * The definition version to open: the newest by default, which is what people get. Naming one keeps
   * a caller on a version it was written for (the engine's own test suites use agrément v2).
   */
  version?: number;
  /** The case that opens this one (its `ouvrir_dossier` effect). */
  parentCaseId?: string;
}

export interface StartCaseResult {
  case: CaseView;
  /** False when the business key already had a case: that case is returned, nothing new is started. */
  created: boolean;
}

export const caseIdOf = (processId: string, organisationId: string | null, businessKey: string): string =>
  [processId, organisationId ?? '-', businessKey].join('/');

/**
 * Opens a case on the newest deployed version of its process (or the one named), once per business key.
 * Waits until the opening is projected, at most `updateWaitMs`: past it, a PendingError (the case is
 * opened and will show once the database answers, or the opening is not confirmed; the same key again
 * gives the same case).
 */
export async function startCase(ctx: CaseServiceContext, options: StartCaseOptions): Promise<StartCaseResult> {
  const definition =
    options.version === undefined
      ? latestDefinition(options.processId)
      : DEFINITIONS.find((d) => d.id === options.processId && d.version === options.version);
  if (!definition) {
    const version = options.version === undefined ? '' : ` en version ${options.version}`;
    throw new SiamoError('introuvable', `Le processus « ${options.processId} »${version} n’existe pas.`);
  }
  const keyProblem = businessKeyProblem(options.businessKey);
  if (keyProblem) throw new SiamoError('saisie_invalide', keyProblem, { businessKey: keyProblem });
  const opened = new ProcessEngine(definition).open(options.actor.role, options.input);
  if (!opened.ok) throw new SiamoError(opened.code, opened.message, opened.fieldErrors);

  const caseId = caseIdOf(definition.id, options.organisationId, options.businessKey);
  const args: CaseWorkflowInput = {
    definition,
    businessKey: options.businessKey,
    organisationId: options.organisationId,
    openedBy: options.actor,
    input: options.input,
    parameters: caseParameters(definition, ctx),
    openRequestId: randomUUID(),
    ...(options.parentCaseId ? { parentCaseId: options.parentCaseId } : {}),
  };
  const deadline = Date.now() + (ctx.updateWaitMs ?? DEFAULT_UPDATE_WAIT_MS);
  try {
    const handle = await ctx.temporal.workflow.start('caseWorkflow', {
      workflowId: caseId,
      taskQueue: ctx.taskQueue,
      args: [args],
      // A retry while the case runs joins it; a retry after it ended is refused below and answered from the database.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: PROCESS, value: definition.id },
        { key: VERSION, value: definition.version },
        { key: STATE, value: opened.next.state },
        ...(options.organisationId ? [{ key: ORGANISATION, value: options.organisationId }] : []),
      ],
    });
    const result = await boundedUpdate(ctx.temporal, caseId, deadline, () =>
      handle.startUpdate(openedUpdate, { args: [options.actor], waitForStage: WorkflowUpdateStage.ACCEPTED }),
    ).catch((error: unknown) => toSiamoError(error, caseId));
    return { case: result.view, created: result.openRequestId === args.openRequestId };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      const existing = await getCase(ctx, caseId, options.actor.role);
      if (existing) return { case: existing, created: false };
    }
    throw error;
  }
}
