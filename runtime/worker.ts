import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { type ActivityDependencies, createActivities } from '../activities/index.ts';
import { ActivityErrorRedaction } from './activity-error-redaction.ts';
import { FAILURE_CONVERTER_PATH } from './data-converter.ts';
// The server halves of the product's domains: their effects' activities and templates.
import '../services/domains.ts';

const CASE_WORKFLOWS = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Bundles the workflow code once (webpack: a few seconds), so that several workers can share it. */
export function bundleCaseWorkflows(workflowsPath = CASE_WORKFLOWS): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietBundlerLogger,
  });
}

export interface CaseWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  bundle: WorkflowBundleOption;
  /** `siamoDataConverter(keys)`: the same as the clients', or the worker cannot read what they send. */
  dataConverter: DataConverter;
  dependencies: ActivityDependencies;
  /** Extra activities (the benchmark's baseline). */
  extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/** A worker for case workflows and their activities. `run()` it; `shutdown()` drains it. */
export async function createCaseWorker(
  options: CaseWorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.bundle,
    dataConverter: options.dataConverter,
    interceptors: { activity: [(context) => ({ inbound: new ActivityErrorRedaction(context.info.activityType) })] },
    activities: { ...createActivities(options.dependencies), ...options.extraActivities },
    // A stop takes seconds: activities in flight get a moment to finish, then are cancelled; one that
    // ignores its cancellation does not hold the process. Temporal retries what did not finish.
    shutdownGraceTime: '3s',
    shutdownForceTime: '10s',
  });
  return { worker, connection };
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log: () => undefined,
};
