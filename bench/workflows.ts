// The benchmark's workflow bundle: the case workflow, exactly as deployed, and the baseline.
export { caseWorkflow } from '../workflows/case-workflow.ts';
export { baselineWorkflow } from './baseline-workflow.ts';
