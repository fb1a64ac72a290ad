// The records test domain's workflow bundle: the product's workflows, and its pure rules.
import './rules.ts';

export * from '../../../workflows/index.ts';
