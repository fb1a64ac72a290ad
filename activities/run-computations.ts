import { ApplicationFailure } from '@temporalio/common';
import type { ComputationOutcome, ComputationRequest, ComputedValue } from '../processes/computations.ts';
import { type ComputationImplementation, DOMAIN_COMPUTATIONS } from '../services/domain-services.ts';
import { COMPUTATION_IMPOSSIBLE } from '../workflows/failure-types.ts';
import { databaseErrorCode, isPermanentDatabaseError } from './database-errors.ts';
import type { ActivityDependencies } from './index.ts';

/**
 * Runs a transition's computations in order, each seeing the values of those before it. The first
 * business refusal ends it: an answer like the values, recorded in the history and not retried. A
 * failure that no retry can mend (no implementation, a query the database refuses) is non-retryable;
 * anything else — a database that is away — is thrown to be retried.
 */
export async function runComputations(
  deps: ActivityDependencies,
  request: ComputationRequest,
): Promise<ComputationOutcome> {
  const values: Record<string, ComputedValue> = {};
  const context = { ...request.context };
  for (const [field, call] of Object.entries(request.calls)) {
    const implementation: ComputationImplementation | undefined =
      DOMAIN_COMPUTATIONS[call.name] ?? deps.computations?.[call.name];
    if (!implementation) {
      throw ApplicationFailure.create({
        type: COMPUTATION_IMPOSSIBLE,
        message: `La donnée calculée « ${call.name} » n’a aucune implémentation déployée : prévenez les administrateurs.`,
        nonRetryable: true,
      });
    }
    const result = await implementation(deps, {
      caseId: request.caseId,
      processId: request.processId,
      organisationId: request.organisationId,
      params: call.params ?? {},
      context,
      input: request.input,
      at: request.at,
    }).catch((error: unknown) => {
      const code = databaseErrorCode(error);
      if (error instanceof ApplicationFailure || !isPermanentDatabaseError(code)) throw error;
      // The SQLSTATE only: a driver's message may quote personal data.
      throw ApplicationFailure.create({
        type: COMPUTATION_IMPOSSIBLE,
        message: `La donnée calculée « ${call.name} » n’a pas pu être lue : la base de données refuse la requête (code ${code}). Prévenez les administrateurs.`,
        nonRetryable: true,
      });
    });
    if ('refusal' in result) return { ok: false, field, computation: call.name, refusal: result.refusal };
    values[field] = {
      computation: call.name,
      value: result.value,
      ...(result.source ? { source: result.source } : {}),
    };
    context[field] = result.value;
  }
  return { ok: true, values };
}
