// The benchmark's workflow bundle: the case workflow, exactly as deployed, and the baselines.
export { caseWorkflow } from '../workflows/case-workflow.ts';
export { baselineLocalActivityWorkflow, baselineProjectionWorkflow, baselineWorkflow } from './baseline-workflow.ts';
