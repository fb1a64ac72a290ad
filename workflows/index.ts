// The workflow bundle's entry point: every workflow type the case worker runs, and the pure rules of
// the product's domains (their guards and calculations), which the case workflow looks up by name.
import '../processes/domains.ts';

export { ageLimitWorkflow } from './age-limit-workflow.ts';
export { batchWorkflow } from './batch-workflow.ts';
export { caseWorkflow } from './case-workflow.ts';
export { digestWorkflow } from './digest-workflow.ts';
export { memberLadderWorkflow } from './member-ladder-workflow.ts';
