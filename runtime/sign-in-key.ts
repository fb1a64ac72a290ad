import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The sign-in key (services/auth/settings.ts): SIAMO_SIGNIN_KEY when configured; on a machine running
 * the embedded database, a key generated at the first start and kept in the data folder, readable by
 * its owner only. config/env.ts already refused a server database without a configured key.
 */
export function loadSignInKey(options: { configured?: Buffer; dataDir: string; log: (m: string) => void }): Buffer {
  if (options.configured) return options.configured;
  const file = path.join(options.dataDir, 'keys', 'signin.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      // wx: of two processes starting at once, one writes the key and the other reads it.
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      options.log(`Clé de connexion créée dans ${file} (à sauvegarder avec les données).`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`La clé de connexion ${file} est illisible : 32 octets en base64 attendus.`);
  return key;
}
