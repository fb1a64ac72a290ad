// The workflow bundle's entry point: every workflow type the case worker runs.

export { batchWorkflow } from './batch-workflow.ts';
export { caseWorkflow } from './case-workflow.ts';
export { digestWorkflow } from './digest-workflow.ts';
