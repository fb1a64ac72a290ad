import type { PrismaClient } from '../prisma/client.ts';
import { ProcessEngine } from '../processes/engine.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { DEFINITIONS } from '../processes/registry.ts';

/**
 * A deployed definition version as written. PostgreSQL's jsonb keeps keys in its own order, which
 * would shuffle states and events on screen: the registry's copy is used when it has that version
 * (deployment guarantees the two are the same definition), the stored one otherwise.
 */
export function deployedDefinition(row: {
  processId: string;
  version: number;
  definition: unknown;
}): ProcessDefinition {
  return (
    DEFINITIONS.find((d) => d.id === row.processId && d.version === row.version) ??
    (row.definition as ProcessDefinition)
  );
}

// A deployed (process, version) never changes (deployDefinitions refuses it), so its compiled engine
// can be kept for the life of the process: lists of cases label states and events without reading
// the definition again for every row.
const engines = new WeakMap<PrismaClient, Map<string, Promise<ProcessEngine | null>>>();

/** The engine of a deployed definition version; null when that version is not deployed. */
export function engineFor(prisma: PrismaClient, processId: string, version: number): Promise<ProcessEngine | null> {
  let cache = engines.get(prisma);
  if (!cache) {
    cache = new Map();
    engines.set(prisma, cache);
  }
  const key = `${processId}@${version}`;
  let engine = cache.get(key);
  if (!engine) {
    engine = prisma.processDefinition
      .findUnique({ where: { processId_version: { processId, version } } })
      .then((row) => (row ? new ProcessEngine(deployedDefinition(row)) : null));
    // A missing version may be deployed later, and a failed read may succeed next time: only a found
    // engine stays in the cache.
    engine.then(
      (found) => found ?? cache.delete(key),
      () => cache.delete(key),
    );
    cache.set(key, engine);
  }
  return engine;
}
