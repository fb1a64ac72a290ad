import agrementV1 from './licensing/agrement/v1.ts';
import agrementV2 from './licensing/agrement/v2.ts';
import agrementV3 from './licensing/agrement/v3.ts';
import agrementV4 from './licensing/agrement/v4.ts';
import licenceV1 from './licensing/licence/v1.ts';
import type { ProcessDefinition } from './model.ts';
import projetV1 from './portfolio/projet/v1.ts';
import renouvellementV1 from './licensing/renouvellement/v1.ts';

/** Every definition version Siamo deploys. Old versions stay here as long as cases may run on them. */
export const DEFINITIONS: readonly ProcessDefinition[] = [
  agrementV1,
  agrementV2,
  agrementV3,
  agrementV4,
  licenceV1,
  renouvellementV1,
  projetV1,
];

/** The newest version of a process: new cases start on it. */
export function latestDefinition(processId: string): ProcessDefinition | undefined {
  return DEFINITIONS.filter((d) => d.id === processId).sort((a, b) => b.version - a.version)[0];
}
