import path from 'node:path';
import type { Config } from '../config/env.ts';
import { type DataKeys, newDataKeysText, parseDataKeys } from '../services/personal-data/data-keys.ts';
import { readOrCreateKeyFile } from '../services/personal-data/key-file.ts';
import { type KeyRing, newKeyEntry, parseKeyRing } from '../services/personal-data/key-ring.ts';

export interface SiamoKeys {
  payload: KeyRing;
  data: DataKeys;
}

/** Where the embedded mode keeps the keys it made: in the data folder, owner-only. */
export const embeddedKeyFiles = (dataDir: string) => ({
  payload: path.join(dataDir, 'keys', 'payload-keys'),
  data: path.join(dataDir, 'keys', 'data-keys'),
});

/**
 * The configured keys; without them (embedded mode: loadConfig already refused their absence with
 * TEMPORAL_ADDRESS), those of the data folder, made at the first start. Losing them loses what they
 * encrypted: they belong in the backups with the data folder.
 */
export function resolveKeys(config: Config, log: (message: string) => void): SiamoKeys {
  const files = embeddedKeyFiles(config.dataDir);
  const made: string[] = [];
  const payload =
    config.payloadKeys ??
    (() => {
      const { text, created } = readOrCreateKeyFile(files.payload, () => `${newKeyEntry('p1')}\n`);
      if (created) made.push(files.payload);
      return parseKeyRing(text);
    })();
  const data =
    config.dataKeys ??
    (() => {
      const { text, created } = readOrCreateKeyFile(files.data, newDataKeysText);
      if (created) made.push(files.data);
      return parseDataKeys(text);
    })();
  if (made.length > 0) log(`Clés de chiffrement créées (à sauvegarder avec les données) : ${made.join(', ')}`);
  return { payload, data };
}
