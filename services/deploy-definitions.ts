import type { PrismaClient } from '../prisma/client.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { definitionHash } from './definition-hash.ts';
import { SiamoError } from './errors.ts';

export interface DeployResult {
  deployed: string[];
  unchanged: string[];
}

/**
 * Records each (process, version) with the hash of its content. A version already deployed with
 * other content is refused: running cases use it, so a change must come as a new version.
 * Nothing is written unless every definition passes.
 */
export async function deployDefinitions(
  prisma: PrismaClient,
  definitions: readonly ProcessDefinition[],
): Promise<DeployResult> {
  const existing = await prisma.processDefinition.findMany({ select: { processId: true, version: true, hash: true } });
  const known = new Map(existing.map((d) => [`${d.processId}@${d.version}`, d.hash]));
  const result: DeployResult = { deployed: [], unchanged: [] };
  const toCreate: { definition: ProcessDefinition; hash: string }[] = [];
  for (const definition of definitions) {
    const key = `${definition.id}@${definition.version}`;
    const hash = definitionHash(definition);
    const deployedHash = known.get(key);
    if (deployedHash === undefined) toCreate.push({ definition, hash });
    else if (deployedHash === hash) result.unchanged.push(key);
    else
      throw new SiamoError(
        'definition_modifiee',
        `La définition « ${definition.id} » version ${definition.version} a changé depuis son déploiement ` +
          `(empreinte ${deployedHash.slice(0, 12)} → ${hash.slice(0, 12)}). Des dossiers peuvent l’utiliser : ` +
          `publiez la modification sous la version ${definition.version + 1}.`,
      );
  }
  if (toCreate.length > 0) {
    await prisma.processDefinition.createMany({
      data: toCreate.map(({ definition, hash }) => ({
        processId: definition.id,
        version: definition.version,
        title: definition.title,
        hash,
        definition: definition as object,
      })),
      skipDuplicates: true,
    });
    result.deployed.push(...toCreate.map(({ definition }) => `${definition.id}@${definition.version}`));
  }
  return result;
}
