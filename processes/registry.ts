import agrementV1 from './agrement/v1.ts';
import agrementV2 from './agrement/v2.ts';
import type { ProcessDefinition } from './model.ts';

/** Every definition version Siamo deploys. Old versions stay here as long as cases may run on them. */
export const DEFINITIONS: readonly ProcessDefinition[] = [agrementV1, agrementV2];

/** The newest version of a process: new cases start on it. */
export function latestDefinition(processId: string): ProcessDefinition | undefined {
  return DEFINITIONS.filter((d) => d.id === processId).sort((a, b) => b.version - a.version)[0];
}
