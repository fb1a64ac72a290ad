// The test domain's workflow bundle: the product's workflows, and the test domain's pure rules.
import './rules.ts';

export * from '../../../workflows/index.ts';
