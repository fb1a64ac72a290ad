import { REGISTERED_DEFINITIONS } from './catalogue.ts';
import './domains.ts';
import type { ProcessDefinition } from './model.ts';

/** Every definition version Siamo deploys, of every registered domain (`processes/domains.ts`). */
export const DEFINITIONS: readonly ProcessDefinition[] = REGISTERED_DEFINITIONS;

/** The newest version of a process: new cases start on it. */
export function latestDefinition(processId: string): ProcessDefinition | undefined {
  return DEFINITIONS.filter((d) => d.id === processId).sort((a, b) => b.version - a.version)[0];
}
