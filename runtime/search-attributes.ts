import type { Connection } from '@temporalio/client';
import type { SearchAttributeType, TemporalSettings } from '../config/temporal-settings.ts';

// Typed through the client rather than imported from @temporalio/proto: that package is only a transitive
// dependency, and being CommonJS it offers no named ESM exports anyway.
type AddSearchAttributesRequest = Parameters<Connection['operatorService']['addSearchAttributes']>[0];
export type IndexedValueType = NonNullable<AddSearchAttributesRequest['searchAttributes']>[string];

/** Values of temporal.api.enums.v1.IndexedValueType; they are wire-protocol constants and never change. */
export const INDEXED_VALUE_TYPES = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
} as const satisfies Record<SearchAttributeType, IndexedValueType>;

const GRPC_ALREADY_EXISTS = 6;

function typeName(value: number): string {
  const entry = Object.entries(INDEXED_VALUE_TYPES).find(([, v]) => v === value);
  return entry ? entry[0] : `type inconnu (${value})`;
}

async function listAttributes(connection: Connection, namespace: string) {
  const response = await connection.operatorService.listSearchAttributes({
    namespace,
  });
  return {
    custom: (response.customAttributes ?? {}) as Record<string, number>,
    system: (response.systemAttributes ?? {}) as Record<string, number>,
  };
}

/**
 * Makes sure `namespace` has every search attribute of temporal.yaml, adding the missing ones. Safe to call at
 * every start. An attribute that exists with another type is an error rather than something to fix: Temporal
 * cannot change a type, and the cases already indexed under it would be misread.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  attributes: TemporalSettings['searchAttributes'],
): Promise<void> {
  const existing = await listAttributes(connection, namespace);
  const missing: Record<string, IndexedValueType> = {};
  const conflicts: string[] = [];
  for (const [name, type] of Object.entries(attributes)) {
    const wanted = INDEXED_VALUE_TYPES[type];
    const systemType = existing.system[name];
    if (systemType !== undefined) {
      conflicts.push(`${name} est un attribut système de Temporal (${typeName(systemType)}) : choisissez un autre nom`);
      continue;
    }
    const currentType = existing.custom[name];
    if (currentType === undefined) missing[name] = wanted;
    else if (currentType !== wanted) {
      conflicts.push(`${name} existe déjà avec le type ${typeName(currentType)}, temporal.yaml demande ${type}`);
    }
  }
  if (conflicts.length > 0) {
    throw new Error(
      `Attributs de recherche incompatibles dans le namespace Temporal « ${namespace} » :\n` +
        conflicts.map((line) => `  - ${line}`).join('\n') +
        '\nTemporal ne permet pas de changer le type d’un attribut : renommez-le dans temporal.yaml.',
    );
  }
  if (Object.keys(missing).length === 0) return;

  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: missing,
    });
  } catch (error) {
    // Another Siamo instance may have added them between our list and our add; that is fine if the types match.
    if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) {
      throw new Error(
        `Impossible d'enregistrer les attributs de recherche ${Object.keys(missing).join(', ')} ` +
          `dans le namespace Temporal « ${namespace} » : ${(error as Error).message}`,
        { cause: error },
      );
    }
    const after = await listAttributes(connection, namespace);
    const stillWrong = Object.entries(missing).filter(([name, type]) => after.custom[name] !== type);
    if (stillWrong.length > 0) {
      throw new Error(
        `Attributs de recherche incompatibles dans le namespace Temporal « ${namespace} » : ` +
          stillWrong.map(([name]) => name).join(', ') +
          ' ont été créés en même temps par un autre processus avec un autre type.',
        { cause: error },
      );
    }
  }
}
