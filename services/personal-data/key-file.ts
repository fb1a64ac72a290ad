import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { KeyRingError } from './key-ring.ts';

/**
 * Reads a key file, refusing one that others than its owner may read: a key readable by the group or
 * by everyone is as good as published.
 */
export function readKeyFile(file: string): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new KeyRingError(`fichier de clés ${file} introuvable`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new KeyRingError(
      `le fichier de clés ${file} est lisible par d’autres que son propriétaire : « chmod 600 ${file} »`,
    );
  return readFileSync(file, 'utf8');
}

/**
 * The key file of the embedded mode: made at the first start with `create()`, owner-only (0600, in a
 * 0700 folder), and read as it is at the next ones. The `wx` flag keeps two starts from writing two
 * different keys: the second one reads the first one's.
 */
export function readOrCreateKeyFile(file: string, create: () => string): { text: string; created: boolean } {
  if (existsSync(file)) return { text: readKeyFile(file), created: false };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { text: readKeyFile(file), created: false };
    throw error;
  }
  try {
    writeSync(fd, create());
  } finally {
    closeSync(fd);
  }
  return { text: readKeyFile(file), created: true };
}
