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
 * All or nothing: one transaction, and a deployment racing with another one compares what the other
 * wrote instead of skipping it.
 */
export async function deployDefinitions(
  prisma: PrismaClient,
  definitions: readonly ProcessDefinition[],
): Promise<DeployResult> {
  const seen = new Map<string, string>();
  for (const definition of definitions) {
    const key = `${definition.id}@${definition.version}`;
    const hash = definitionHash(definition);
    if (seen.has(key) && seen.get(key) !== hash) {
      throw new SiamoError(
        'definition_modifiee',
        `Deux définitions différentes portent le même processus « ${definition.id} » et la même version ${definition.version}.`,
      );
    }
    seen.set(key, hash);
  }
  const unique = [...new Map(definitions.map((d) => [`${d.id}@${d.version}`, d])).values()];

  return prisma.$transaction(async (tx) => {
    const result: DeployResult = { deployed: [], unchanged: [] };
    for (const definition of unique) {
      const key = `${definition.id}@${definition.version}`;
      const hash = seen.get(key) as string;
      const inserted = await tx.$executeRaw`
        INSERT INTO "ProcessDefinition" ("processId", "version", "title", "hash", "definition")
        VALUES (${definition.id}, ${definition.version}, ${definition.title}, ${hash}, ${JSON.stringify(definition)}::jsonb)
        ON CONFLICT ("processId", "version") DO NOTHING`;
      if (inserted === 1) {
        result.deployed.push(key);
        continue;
      }
      const stored = await tx.processDefinition.findUniqueOrThrow({
        where: { processId_version: { processId: definition.id, version: definition.version } },
        select: { hash: true },
      });
      if (stored.hash !== hash) {
        throw new SiamoError(
          'definition_modifiee',
          `La définition « ${definition.id} » version ${definition.version} a changé depuis son déploiement ` +
            `(empreinte ${stored.hash.slice(0, 12)} → ${hash.slice(0, 12)}). Des dossiers peuvent l’utiliser : ` +
            `publiez la modification sous la version ${definition.version + 1}.`,
        );
      }
      result.unchanged.push(key);
    }
    return result;
  });
}
