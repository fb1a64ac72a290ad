import { ApplicationFailure } from '@temporalio/common';
import type { CaseServiceContext } from '../../services/context.ts';

/** The case services an effect on linked cases needs; a worker without them refuses it for good. */
export function requireCases(deps: { cases?: CaseServiceContext }): CaseServiceContext {
  if (!deps.cases)
    throw ApplicationFailure.nonRetryable(
      'Les dossiers liés ne sont pas configurés sur ce worker (services des dossiers absents).',
      'dossiers_lies_non_configures',
    );
  return deps.cases;
}

/** `{ target: sourceField }` read from a case's data; empty source fields are left out. */
export function fieldsOf(context: unknown, mapping: unknown): Record<string, unknown> {
  const data = (context ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [target, source] of Object.entries((mapping ?? {}) as Record<string, string>)) {
    const value = data[source];
    if (value !== undefined && value !== null && value !== '') fields[target] = value;
  }
  return fields;
}
