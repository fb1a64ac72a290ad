// The workflow bundle's entry point: every workflow type the case worker runs.
export { caseWorkflow } from './case-workflow.ts';
export { digestWorkflow } from './digest-workflow.ts';
